package dev.patchlane.pipeline.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.patchlane.pipeline.access.IpAddresses.Kind;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @ParameterizedTest
    @CsvSource({
            "2130706433, 127.0.0.1",
            "0x7f.1, 127.0.0.1",
            "0x7F000001, 127.0.0.1",
            "0177.0.0.01, 127.0.0.1",
            "127.1, 127.0.0.1",
            "127.0.1, 127.0.0.1",
            "10.0x10.010.1, 10.16.8.1",
            "0, 0.0.0.0",
            "0x, 0.0.0.0",
            "4294967295, 255.255.255.255",
            "8.8.8.8, 8.8.8.8"})
    void everyInetAtonSpellingIsRead(String text, String dotted) {
        assertEquals(dotted, IpAddresses.parseIpv4(text).getHostAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"4294967296", "256.1.1.1", "1.2.3.4.5", "1..2", "08.1.1.1", "0x1g", "1.2.3.256", "99999999999999999999"})
    void anythingElseIsNotAnAddress(String text) {
        assertThrows(IllegalArgumentException.class, () -> IpAddresses.parseIpv4(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc::zz", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "github.com", "::g"})
    void anIpv6LiteralIsParsedWithoutALookup(String text) {
        assertThrows(IllegalArgumentException.class, () -> IpAddresses.parseIpv6(text));
    }

    @ParameterizedTest
    @CsvSource({
            "8.8.8.8, PUBLIC", "140.82.112.3, PUBLIC", "172.32.0.1, PUBLIC", "100.128.0.1, PUBLIC", "192.0.1.1, PUBLIC",
            "2606:4700::1111, PUBLIC", "::ffff:8.8.8.8, PUBLIC", "2002:808:808::1, PUBLIC",
            "127.0.0.1, PRIVATE", "10.255.255.255, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE",
            "192.168.0.1, PRIVATE", "169.254.169.254, PRIVATE", "100.64.0.1, PRIVATE", "100.127.255.255, PRIVATE",
            "192.0.0.8, PRIVATE", "198.18.0.1, PRIVATE",
            "::1, PRIVATE", "fc00::1, PRIVATE", "fdff::1, PRIVATE", "fe80::1, PRIVATE", "febf::1, PRIVATE", "fec0::1, PRIVATE",
            "::ffff:10.0.0.1, PRIVATE", "::10.0.0.1, PRIVATE", "::ffff:0:127.0.0.1, PRIVATE", "64:ff9b::7f00:1, PRIVATE",
            "64:ff9b:1::1, PRIVATE", "2002:a00:1::, PRIVATE", "2001:0:4136:e378:8000:63bf:80ff:fffe, PRIVATE", "100::1, PRIVATE",
            "0.0.0.0, FORBIDDEN", "0.255.1.1, FORBIDDEN", "224.0.0.1, FORBIDDEN", "239.255.255.255, FORBIDDEN",
            "240.0.0.1, FORBIDDEN", "255.255.255.255, FORBIDDEN", "::, FORBIDDEN", "ff02::1, FORBIDDEN", "::ffff:0.0.0.0, FORBIDDEN"})
    void everyRangeIsClassified(String address, Kind kind) throws Exception {
        assertEquals(kind, IpAddresses.classify(InetAddress.getByName(address)).kind(), address);
    }
}
