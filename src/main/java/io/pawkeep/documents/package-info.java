/** Documents and photos: upload checks (FILE-1), stripped image metadata, file names. */
@ApplicationModule(
    displayName = "Documents",
    allowedDependencies = {})
package io.pawkeep.documents;

import org.springframework.modulith.ApplicationModule;
