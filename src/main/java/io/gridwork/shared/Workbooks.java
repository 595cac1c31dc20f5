package io.gridwork.shared;

import java.io.OutputStream;
import java.util.zip.Deflater;

import org.dhatim.fastexcel.Workbook;

/**
 * The workbooks of every xlsx export. They are compressed for speed: at the default level deflating took a tenth of
 * the CPU of a district's ledger (issue 19); the fastest level makes the file about a fifth larger.
 */
public final class Workbooks {

    private Workbooks() {
    }

    /** A workbook written to {@code out} as it is filled; the caller finishes it and owns the stream. */
    public static Workbook open(OutputStream out) {
        Workbook wb = new Workbook(out, "Gridwork", "1.0");
        wb.setCompressionLevel(Deflater.BEST_SPEED);
        return wb;
    }
}
