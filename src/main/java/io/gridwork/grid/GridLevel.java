package io.gridwork.grid;

import java.util.Set;

/** Levels of the grid hierarchy, top to bottom. */
public enum GridLevel {
    DISTRICT, STREET, COMMUNITY, COMPOUND, SPECIAL, MICRO;

    /** Levels a node of this level may have as children. */
    public Set<GridLevel> childLevels() {
        return switch (this) {
            case DISTRICT -> Set.of(STREET);
            case STREET -> Set.of(COMMUNITY);
            case COMMUNITY -> Set.of(COMPOUND, SPECIAL);
            case COMPOUND, SPECIAL -> Set.of(MICRO);
            case MICRO -> Set.of();
        };
    }

    /** Digits this level adds to its parent's code (CJ/T 349-2010 plus one micro-grid segment). */
    public int codeDigits() {
        return switch (this) {
            case DISTRICT -> 6;
            case STREET, COMMUNITY, MICRO -> 3;
            case COMPOUND, SPECIAL -> 2;
        };
    }
}
