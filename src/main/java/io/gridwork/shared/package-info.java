/**
 * Small types every module uses: the signed-in user and their grid scope, roles, problem-details
 * exceptions, masking, and persistence helpers. Depends on no other Gridwork module; open, so that
 * its sub-packages (security, web, persistence) are usable everywhere.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Shared", type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.gridwork.shared;
