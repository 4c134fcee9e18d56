package dev.patchlane.pipeline.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Reads numeric hosts in every spelling a URL parser or {@code inet_aton} accepts, and tells which addresses are private. */
final class IpAddresses {

    enum Kind {
        PUBLIC,
        /** Not reachable from the internet; allowed where a rule set lists it. */
        PRIVATE,
        /** Never a git server: refused whatever the configuration says. */
        FORBIDDEN
    }

    /** @param range the range the address is in, for the refusal's detail */
    record Classification(Kind kind, String range) {}

    private static final Pattern IPV6_TEXT = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+|0[xX][0-9A-Fa-f]*");
    private static final Classification PUBLIC = new Classification(Kind.PUBLIC, "public");

    private IpAddresses() {}

    /** Whether a host name's last label is a number, so that URL parsers read the whole host as an IPv4 address. */
    static boolean endsInNumber(String asciiHost) {
        return NUMBER.matcher(asciiHost.substring(asciiHost.lastIndexOf('.') + 1)).matches();
    }

    /**
     * An IPv4 address in any {@code inet_aton} spelling: 1 to 4 parts, each decimal, {@code 0x} hex or {@code 0}-led octal,
     * the last filling the remaining bytes ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}, {@code 127.1}).
     */
    static InetAddress parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            throw new IllegalArgumentException("more than four parts");
        }
        long value = 0;
        for (int i = 0; i < parts.length; i++) {
            long part = parsePart(parts[i]);
            boolean last = i == parts.length - 1;
            long max = last ? (1L << (8 * (4 - i))) - 1 : 255;
            if (part > max) {
                throw new IllegalArgumentException("part '" + parts[i] + "' is out of range");
            }
            value = last ? (value << (8 * (4 - i))) | part : (value << 8) | part;
        }
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        return byAddress(bytes);
    }

    private static long parsePart(String part) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("an empty part");
        }
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x") || part.startsWith("0X")) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() > 1 && part.charAt(0) == '0') {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return 0;
        }
        if (digits.length() > 12) {
            throw new IllegalArgumentException("part '" + part + "' is out of range");
        }
        try {
            return Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("part '" + part + "' is not a number");
        }
    }

    /** An IPv6 literal without brackets; IPv4-mapped forms come back as IPv4. Never a DNS lookup. */
    static InetAddress parseIpv6(String text) {
        if (!IPV6_TEXT.matcher(text).matches() || text.indexOf(':') < 0) {
            throw new IllegalArgumentException("not an IPv6 address");
        }
        try {
            // brackets make the JDK refuse, rather than look up, anything that is not a literal
            return InetAddress.getByName("[" + text + "]");
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address");
        }
    }

    /** A dotted-quad IPv4 address with decimal parts only, or an IPv6 literal; as written in configuration. */
    static InetAddress parseStrict(String text) {
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        if (!text.matches("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}")) {
            throw new IllegalArgumentException("'" + text + "' is not a dotted-quad IPv4 or an IPv6 address");
        }
        return parseIpv4(text);
    }

    static Classification classify(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 ? classifyIpv4(b, 0) : classifyIpv6(b);
    }

    private static Classification classifyIpv4(byte[] bytes, int offset) {
        int a = bytes[offset] & 0xff;
        int b = bytes[offset + 1] & 0xff;
        int c = bytes[offset + 2] & 0xff;
        if (a == 0) {
            return forbidden("0.0.0.0/8 (this network)");
        }
        if (a >= 224 && a <= 239) {
            return forbidden("224.0.0.0/4 (multicast)");
        }
        if (a >= 240) {
            return forbidden("240.0.0.0/4 (reserved, broadcast)");
        }
        if (a == 127) {
            return privateRange("127.0.0.0/8 (loopback)");
        }
        if (a == 10) {
            return privateRange("10.0.0.0/8 (private)");
        }
        if (a == 172 && (b & 0xf0) == 16) {
            return privateRange("172.16.0.0/12 (private)");
        }
        if (a == 192 && b == 168) {
            return privateRange("192.168.0.0/16 (private)");
        }
        if (a == 169 && b == 254) {
            return privateRange("169.254.0.0/16 (link-local)");
        }
        if (a == 100 && (b & 0xc0) == 64) {
            return privateRange("100.64.0.0/10 (CGNAT)");
        }
        if (a == 192 && b == 0 && c == 0) {
            return privateRange("192.0.0.0/24 (IETF protocol assignments)");
        }
        if (a == 198 && (b & 0xfe) == 18) {
            return privateRange("198.18.0.0/15 (benchmarking)");
        }
        return PUBLIC;
    }

    private static Classification classifyIpv6(byte[] b) {
        if (zero(b, 0, 16)) {
            return forbidden(":: (any-address)");
        }
        if ((b[0] & 0xff) == 0xff) {
            return forbidden("ff00::/8 (multicast)");
        }
        if (zero(b, 0, 15) && b[15] == 1) {
            return privateRange("::1 (loopback)");
        }
        if (zero(b, 0, 12)) {
            return embedded(b, 12, "::/96 (IPv4-compatible)");
        }
        if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return embedded(b, 12, "::ffff:0:0/96 (IPv4-mapped)");
        }
        if (zero(b, 0, 8) && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && zero(b, 10, 12)) {
            return embedded(b, 12, "::ffff:0:0:0/96 (IPv4-translated)");
        }
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            return zero(b, 4, 12) ? embedded(b, 12, "64:ff9b::/96 (NAT64)") : privateRange("64:ff9b:1::/48 (local NAT64)");
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return embedded(b, 2, "2002::/16 (6to4)");
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            byte[] client = new byte[4];
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~b[12 + i];
            }
            return embedded(client, 0, "2001::/32 (Teredo)");
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return privateRange("fc00::/7 (unique-local)");
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return privateRange("fe80::/10 (link-local)");
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return privateRange("fec0::/10 (site-local)");
        }
        if (b[0] == 0x01 && b[1] == 0 && zero(b, 2, 8)) {
            return privateRange("100::/64 (discard)");
        }
        return PUBLIC;
    }

    private static Classification embedded(byte[] bytes, int offset, String form) {
        Classification inner = classifyIpv4(bytes, offset);
        return inner.kind() == Kind.PUBLIC ? PUBLIC : new Classification(inner.kind(), inner.range() + " in " + form);
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Classification forbidden(String range) {
        return new Classification(Kind.FORBIDDEN, range);
    }

    private static Classification privateRange(String range) {
        return new Classification(Kind.PRIVATE, range);
    }

    static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
