package io.gridwork.open311;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Reading GeoReport XML with the JDK's DOM and XPath only (independent of how the server writes it). */
final class Open311Xml {

    private final Document doc;

    private Open311Xml(Document doc) {
        this.doc = doc;
    }

    static Open311Xml parse(byte[] body) {
        try {
            var f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new Open311Xml(f.newDocumentBuilder().parse(new ByteArrayInputStream(body)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + new String(body, java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    String root() {
        return doc.getDocumentElement().getTagName();
    }

    String text(String xpath) {
        try {
            return (String) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.STRING);
        } catch (Exception e) {
            throw new IllegalArgumentException(xpath, e);
        }
    }

    int count(String xpath) {
        try {
            return ((Double) XPathFactory.newInstance().newXPath().evaluate("count(" + xpath + ")", doc, XPathConstants.NUMBER))
                    .intValue();
        } catch (Exception e) {
            throw new IllegalArgumentException(xpath, e);
        }
    }

    List<String> texts(String xpath) {
        try {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                out.add(nodes.item(i).getTextContent());
            }
            return out;
        } catch (Exception e) {
            throw new IllegalArgumentException(xpath, e);
        }
    }

    /** The names of the child elements of the first node matching {@code xpath}, in document order. */
    List<String> childNames(String xpath) {
        try {
            Node n = (Node) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODE);
            if (n == null) {
                throw new AssertionError("no node " + xpath);
            }
            List<String> out = new ArrayList<>();
            for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element e) {
                    out.add(e.getTagName());
                }
            }
            return out;
        } catch (javax.xml.xpath.XPathExpressionException e) {
            throw new IllegalArgumentException(xpath, e);
        }
    }
}
