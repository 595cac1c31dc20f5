/**
 * People: persons and household membership, care tags, staff assignments with their periods, the
 * five-level party network, and the protection of personal data (encrypted ID card and phone
 * numbers, masking, audited unmasking). Also the grid tree and household pages, which combine the
 * grid with the people in it, and the import and export of households and residents.
 */
@org.springframework.modulith.ApplicationModule(displayName = "People")
package io.gridwork.people;
