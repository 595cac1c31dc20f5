/**
 * Small types every module uses: the signed-in user and their grid scope, roles, problem-details
 * exceptions, masking, and persistence helpers. Depends on no other Gridwork module.
 */
package io.gridwork.shared;
