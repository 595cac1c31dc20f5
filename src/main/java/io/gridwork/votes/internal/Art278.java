package io.gridwork.votes.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The arithmetic of Civil Code Art. 278 (and the judicial interpretation on building ownership, Art. 8 and 9), exact:
 * areas are whole 0.01 m², headcounts whole owners, and every threshold is compared as a fraction by cross
 * multiplication, never rounded.
 * <ul>
 * <li>Participation (quorum): owners holding ≥ 2/3 of the exclusive area <b>and</b> ≥ 2/3 of the owners take part.</li>
 * <li>Raising maintenance funds, rebuilding or reconstructing, changing the use of common parts or running a business
 * on them: ≥ 3/4 of the participating area <b>and</b> ≥ 3/4 of the participating owners agree.</li>
 * <li>Every other matter: more than half of the participating area <b>and</b> of the participating owners agree.</li>
 * </ul>
 */
public final class Art278 {

    private Art278() {
    }

    /** The matters of Art. 278 (1); the special ones (6, 7, 8) need three quarters. */
    public enum Matter {
        RULES_OF_PROCEDURE(false), OWNERS_CODE(false), ELECT_COMMITTEE(false), PROPERTY_MANAGER(false),
        USE_MAINTENANCE_FUND(false), RAISE_MAINTENANCE_FUND(true), REBUILD(true), COMMON_PARTS_USE(true), OTHER(false);

        public final boolean special;

        Matter(boolean special) {
            this.special = special;
        }

        public Rule rule() {
            return special ? Rule.AT_LEAST_THREE_QUARTERS : Rule.MORE_THAN_HALF;
        }
    }

    /** A threshold as a fraction; "more than" is strict, "at least" (以上) includes the fraction itself. */
    public enum Rule {
        AT_LEAST_TWO_THIRDS(2, 3, false), MORE_THAN_HALF(1, 2, true), AT_LEAST_THREE_QUARTERS(3, 4, false);

        public final long num;
        public final long den;
        public final boolean strict;

        Rule(long num, long den, boolean strict) {
            this.num = num;
            this.den = den;
            this.strict = strict;
        }

        /** Whether part / whole meets the fraction (whole > 0), compared as part·den against whole·num. */
        public boolean met(long part, long whole) {
            long left = Math.multiplyExact(part, den);
            long right = Math.multiplyExact(whole, num);
            return strict ? left > right : left >= right;
        }

        /** The least whole amount of {@code whole} that meets the fraction. */
        public long least(long whole) {
            long product = Math.multiplyExact(whole, num);
            return strict ? Math.floorDiv(product, den) + 1 : Math.floorDiv(product + den - 1, den);
        }
    }

    /** What a figure counts. */
    public enum Measure { AREA, OWNERS }

    /**
     * One of the four figures: {@code value} of {@code of} against {@code rule}; {@code least} is the smallest value
     * that would have met it, {@code met} the exact comparison.
     */
    public record Figure(Measure measure, long value, long of, Rule rule, long least, boolean met, long shortBy) {

        static Figure of(Measure measure, long value, long of, Rule rule) {
            boolean met = of > 0 && rule.met(value, of);
            long least = rule.least(of);
            return new Figure(measure, value, of, rule, least, met, met ? 0 : Math.max(0, least - value));
        }

        /** The share for display only, in percent with two decimals (decisions never use it). */
        public BigDecimal percent() {
            if (of == 0) {
                return BigDecimal.ZERO.setScale(2);
            }
            return BigDecimal.valueOf(value).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(of), 2, RoundingMode.HALF_UP);
        }
    }

    /** The counts of one item: the area and the owners that agreed. */
    public record ItemCount(long itemId, Matter matter, long agreeArea, long agreeOwners, long opposeOwners, long abstainOwners) {
    }

    public record ItemResult(long itemId, Matter matter, Figure agreeArea, Figure agreeOwners, long opposeOwners,
            long abstainOwners, boolean passed) {
    }

    public record Result(Figure partArea, Figure partOwners, boolean quorum, List<ItemResult> items) {
    }

    /**
     * The result: participation against the whole register, then each item's agreement against the participation.
     * An item passes only when the quorum is met and both of its figures meet the item's rule.
     */
    public static Result tally(long totalArea, long totalOwners, long partArea, long partOwners, List<ItemCount> counts) {
        Figure pa = Figure.of(Measure.AREA, partArea, totalArea, Rule.AT_LEAST_TWO_THIRDS);
        Figure po = Figure.of(Measure.OWNERS, partOwners, totalOwners, Rule.AT_LEAST_TWO_THIRDS);
        boolean quorum = pa.met() && po.met();
        List<ItemResult> items = counts.stream().map(c -> {
            Rule rule = c.matter().rule();
            Figure aa = Figure.of(Measure.AREA, c.agreeArea(), partArea, rule);
            Figure ao = Figure.of(Measure.OWNERS, c.agreeOwners(), partOwners, rule);
            return new ItemResult(c.itemId(), c.matter(), aa, ao, c.opposeOwners(), c.abstainOwners(), quorum && aa.met() && ao.met());
        }).toList();
        return new Result(pa, po, quorum, items);
    }

    /** 0.01 m² units as m² with two decimals: 12345 → 123.45. */
    public static BigDecimal squareMetres(long centi) {
        return BigDecimal.valueOf(centi, 2);
    }
}
