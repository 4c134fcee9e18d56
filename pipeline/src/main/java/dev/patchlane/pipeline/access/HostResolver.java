package dev.patchlane.pipeline.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Looks up a host name's addresses: the one network access a repository check makes. */
@FunctionalInterface
public interface HostResolver {

    /** Every address of an ASCII (punycode) host name; never called with a numeric host. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's resolver. */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
