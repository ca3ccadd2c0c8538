/** Documents and photos: uploads, encrypted object storage (FILE-2). */
@ApplicationModule(
    displayName = "Documents",
    allowedDependencies = {"crypto", "security"})
package io.pawkeep.documents;

import org.springframework.modulith.ApplicationModule;
