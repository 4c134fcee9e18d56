package dev.patchlane.pipeline.access;

import java.net.IDN;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * A host as a URL or scp-like address names it, normalised.
 *
 * @param name the host as it is compared and written: lower-case ASCII (IDN in punycode), a dotted quad, or a bracketed
 *     IPv6 address
 * @param literal the address when the host is numeric, in any spelling
 */
record Host(String name, Optional<InetAddress> literal) {

    /** Parses a host; throws IllegalArgumentException saying why it is not one. */
    static Host parse(String raw) {
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        if (raw.startsWith("[")) {
            if (!raw.endsWith("]")) {
                throw new IllegalArgumentException("unclosed '['");
            }
            return of(IpAddresses.parseIpv6(raw.substring(1, raw.length() - 1)));
        }
        String text = raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw;
        String ascii;
        try {
            ascii = IDN.toASCII(text, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a host name (" + e.getMessage() + ")");
        }
        if (ascii.isEmpty() || ascii.endsWith(".") || ascii.contains("..") || ascii.length() > 253) {
            throw new IllegalArgumentException("not a host name");
        }
        if (IpAddresses.endsInNumber(ascii)) {
            return of(IpAddresses.parseIpv4(ascii));
        }
        return new Host(ascii, Optional.empty());
    }

    static Host of(InetAddress address) {
        String text = address.getHostAddress();
        return new Host(address instanceof Inet6Address ? "[" + text + "]" : text, Optional.of(address));
    }

    /** Names that resolve through local search domains, mDNS or internal zones rather than public DNS. */
    boolean privateByName() {
        return literal.isEmpty()
                && (name.indexOf('.') < 0
                        || name.equals("localhost")
                        || name.endsWith(".localhost")
                        || name.endsWith(".local")
                        || name.endsWith(".internal")
                        || name.endsWith(".localdomain")
                        || name.equals("home.arpa")
                        || name.endsWith(".home.arpa"));
    }
}
