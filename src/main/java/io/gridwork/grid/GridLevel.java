package io.gridwork.grid;

import java.util.Set;

/** Levels of the grid hierarchy, top to bottom. */
public enum GridLevel {
    DISTRICT, STREET, COMMUNITY, COMPOUND, GENERAL, SPECIAL, MICRO;

    /**
     * Levels a node of this level may have as children. A large compound may put general grids
     * (一般网格) between itself and its micro-grids; a compound may also hold micro-grids directly.
     */
    public Set<GridLevel> childLevels() {
        return switch (this) {
            case DISTRICT -> Set.of(STREET);
            case STREET -> Set.of(COMMUNITY);
            case COMMUNITY -> Set.of(COMPOUND, SPECIAL);
            case COMPOUND -> Set.of(GENERAL, MICRO);
            case GENERAL, SPECIAL -> Set.of(MICRO);
            case MICRO -> Set.of();
        };
    }

    /**
     * Digits this level adds to its parent's code (CJ/T 349-2010 plus one micro-grid segment). A
     * general grid takes a 3-digit segment under its compound from the same sequence as the
     * compound's own micro-grids, so that neither can take the other's code; its micro-grids add 3
     * more digits.
     */
    public int codeDigits() {
        return switch (this) {
            case DISTRICT -> 6;
            case STREET, COMMUNITY, GENERAL, MICRO -> 3;
            case COMPOUND, SPECIAL -> 2;
        };
    }

    /** Compound and special grids hold buildings (楼栋 belong to one of them). */
    public boolean holdsBuildings() {
        return this == COMPOUND || this == SPECIAL;
    }
}
