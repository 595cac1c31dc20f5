package io.gridwork.demand;

/**
 * The font with Chinese glyphs that the demand module's printables (QR posters) use, for other modules that print PDFs
 * (the monthly report): the configured or found CJK font embedded as a subset, or the standard STSong-Light.
 */
public interface PrintFonts {

    /** The PDF font (OpenPDF), created once. */
    org.openpdf.text.pdf.BaseFont pdf();
}
