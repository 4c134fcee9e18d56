package dev.patchlane.pipeline.access;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A rule set's {@code allow-private-hosts}: host names, and IP ranges, that may be private. */
final class PrivateHosts {

    private record Range(byte[] network, int prefix) {

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Set<String> names = new HashSet<>();
    private final List<Range> ranges = new ArrayList<>();

    /** Throws IllegalArgumentException naming the first entry that is neither a host name, an address nor a CIDR. */
    PrivateHosts(List<String> entries) {
        for (String entry : entries) {
            String text = entry.trim();
            try {
                int slash = text.indexOf('/');
                if (slash >= 0) {
                    byte[] network = IpAddresses.parseStrict(text.substring(0, slash)).getAddress();
                    int prefix = parsePrefix(text.substring(slash + 1), network.length * 8);
                    ranges.add(new Range(network, prefix));
                } else if (text.indexOf(':') >= 0 || text.matches("[0-9.]+")) {
                    byte[] address = IpAddresses.parseStrict(text).getAddress();
                    ranges.add(new Range(address, address.length * 8));
                } else {
                    Host host = Host.parse(text);
                    if (host.literal().isPresent()) {
                        throw new IllegalArgumentException("write an address as a dotted quad");
                    }
                    names.add(host.name());
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + entry + "' is not a host name, an IP address or a CIDR: " + e.getMessage());
            }
        }
    }

    private static int parsePrefix(String text, int bits) {
        if (!text.matches("[0-9]{1,3}") || Integer.parseInt(text) > bits) {
            throw new IllegalArgumentException("prefix '" + text + "' is not between 0 and " + bits);
        }
        return Integer.parseInt(text);
    }

    boolean listsName(Host host) {
        return names.contains(host.name());
    }

    /** Whether the host, as named, may have this private address. */
    boolean allows(Host host, InetAddress address) {
        return listsName(host) || ranges.stream().anyMatch(range -> range.contains(address));
    }
}
