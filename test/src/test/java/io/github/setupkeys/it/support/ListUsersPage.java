package io.github.setupkeys.it.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Cuts moto's complete {@code ListUsers} answer down to the page IAM would give: the users from the
 * {@code Marker} on, at most {@code MaxItems} of them (IAM's default is 100), with {@code IsTruncated} and
 * the {@code Marker} of the next page. The marker also names the listing, one complete answer of moto, that the
 * later pages are cut from.
 */
final class ListUsersPage {

    private static final int IAM_DEFAULT_MAX_ITEMS = 100;
    /** Markers are opaque to callers; this one carries the listing and the index of the next user. */
    private static final Pattern MARKER = Pattern.compile("stand-in-listing-(\\d+)-next-user-(\\d+)");

    private ListUsersPage() {
    }

    /** The listing a marker of this class continues, if it is one. */
    static Optional<Integer> listing(String marker) {
        Matcher parts = MARKER.matcher(marker);
        return parts.matches() ? Optional.of(Integer.parseInt(parts.group(1))) : Optional.empty();
    }

    static byte[] of(byte[] everyUser, int listing, Optional<String> marker, Optional<String> maxItems) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document xml = factory.newDocumentBuilder().parse(new ByteArrayInputStream(everyUser));
            int from = marker.map(MARKER::matcher).filter(Matcher::matches).map(parts -> Integer.parseInt(parts.group(2)))
                    .orElse(0);
            int size = maxItems.map(Integer::parseInt).orElse(IAM_DEFAULT_MAX_ITEMS);
            Element users = (Element) xml.getElementsByTagNameNS("*", "Users").item(0);
            List<Node> members = new ArrayList<>();
            for (Node child = users.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element) {
                    members.add(child);
                }
            }
            for (int i = 0; i < members.size(); i++) {
                if (i < from || i >= from + size) {
                    users.removeChild(members.get(i));
                }
            }
            boolean truncated = from + size < members.size();
            Element isTruncated = (Element) xml.getElementsByTagNameNS("*", "IsTruncated").item(0);
            isTruncated.setTextContent(Boolean.toString(truncated));
            if (truncated) {
                Element next = xml.createElementNS(isTruncated.getNamespaceURI(), "Marker");
                next.setTextContent("stand-in-listing-" + listing + "-next-user-" + (from + size));
                isTruncated.getParentNode().appendChild(next);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.transform(new DOMSource(xml), new StreamResult(out));
            return out.toByteArray();
        } catch (ParserConfigurationException | SAXException | IOException | TransformerException e) {
            throw new IllegalStateException("cannot page the ListUsers answer: " + e.getMessage(), e);
        }
    }
}
