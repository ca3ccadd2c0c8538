/** Documents and photos: uploads, encrypted object storage (FILE-2), signed downloads (FILE-3). */
@ApplicationModule(
    displayName = "Documents",
    allowedDependencies = {"crypto", "security", "web"})
package io.pawkeep.documents;

import org.springframework.modulith.ApplicationModule;
