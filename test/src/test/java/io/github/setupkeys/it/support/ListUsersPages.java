package io.github.setupkeys.it.support;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Pages a {@code ListUsers} answer the way IAM does ({@code MaxItems}, default 100; {@code Marker};
 * {@code IsTruncated}). moto ignores both parameters and returns every user at once, which would leave
 * pagination untested.
 */
final class ListUsersPages {

    private static final int IAM_DEFAULT_MAX_ITEMS = 100;

    private ListUsersPages() {
    }

    static byte[] page(byte[] motoAnswer, Map<String, String> request) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(motoAnswer));
            Element users = (Element) document.getElementsByTagNameNS("*", "Users").item(0);
            if (users == null) {
                return motoAnswer;
            }
            List<Node> members = new ArrayList<>();
            for (Node child = users.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element) {
                    members.add(child);
                }
            }
            int from = Integer.parseInt(request.getOrDefault("Marker", "0"));
            int max = Integer.parseInt(request.getOrDefault("MaxItems", Integer.toString(IAM_DEFAULT_MAX_ITEMS)));
            int to = Math.min(members.size(), from + max);
            for (int i = 0; i < members.size(); i++) {
                if (i < from || i >= to) {
                    users.removeChild(members.get(i));
                }
            }
            Node result = users.getParentNode();
            Element truncated = (Element) document.getElementsByTagNameNS("*", "IsTruncated").item(0);
            truncated.setTextContent(Boolean.toString(to < members.size()));
            if (to < members.size()) {
                Element marker = document.createElementNS(users.getNamespaceURI(), "Marker");
                marker.setTextContent(Integer.toString(to));
                result.appendChild(marker);
            }
            StringWriter xml = new StringWriter();
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(xml));
            return xml.toString().getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException("cannot page ListUsers: " + e.getMessage(), e);
        }
    }
}
