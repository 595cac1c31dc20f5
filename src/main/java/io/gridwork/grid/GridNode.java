package io.gridwork.grid;

/**
 * A node of the grid tree. {@code path} lists the ids from the root, e.g. "/1/4/9/". A retired grid
 * keeps its row (and code) but is hidden from trees and pickers.
 */
public record GridNode(long id, Long parentId, GridLevel level, String code, String name, String path,
        String specialKind, boolean hasBoundary, boolean retired) {
}
