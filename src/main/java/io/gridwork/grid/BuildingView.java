package io.gridwork.grid;

/** A building with its compound and current micro-grid. */
public record BuildingView(long id, long compoundId, String compoundName, Long microGridId, String microGridName,
        String number, String name, Integer floors, Double lat, Double lon, int units, int households) {
}
