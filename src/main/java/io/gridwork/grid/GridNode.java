package io.gridwork.grid;

/**
 * A node of the grid tree. {@code path} lists the ids from the root, e.g. "/1/4/9/". A retired grid
 * keeps its row (and code) but is hidden from trees and pickers.
 */
public record GridNode(long id, Long parentId, GridLevel level, String code, String name, String path,
        String specialKind, boolean hasBoundary, boolean retired) {

    /** The ids on a grid path ("/1/4/9/"), from the root. */
    public static java.util.List<Long> ids(String path) {
        java.util.List<Long> ids = new java.util.ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                ids.add(Long.parseLong(s));
            }
        }
        return ids;
    }

    /** Levels below the root a grid path lies: the root "/" 0, a district's "/1/" 1, a street's "/1/2/" 2. */
    public static int depth(String path) {
        int n = 0;
        for (int i = 1; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }
}
