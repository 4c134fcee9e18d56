package dev.patchlane.pipeline.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Answers from a table, records every lookup, and never touches the network. */
final class FakeResolver implements HostResolver {

    private final Map<String, List<InetAddress>> answers = new HashMap<>();
    final List<String> lookups = new ArrayList<>();

    FakeResolver answer(String host, String... literals) {
        answers.put(host, Arrays.stream(literals).map(literal -> address(host, literal)).toList());
        return this;
    }

    static InetAddress address(String host, String literal) {
        try {
            // a literal never triggers a lookup; the name is kept only for display
            return InetAddress.getByAddress(host, InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        lookups.add(host);
        List<InetAddress> answer = answers.get(host);
        if (answer == null) {
            throw new UnknownHostException(host);
        }
        return answer;
    }
}
