package dev.patchlane.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the service that cuts its first connection right after the first complete server-sent event
 * (the first blank line after the headers), as a dropped network would; later connections pass untouched.
 */
final class CuttingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final AtomicInteger connections = new AtomicInteger();

    CuttingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "cutting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                boolean cut = connections.incrementAndGet() == 1;
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                pump(client.getInputStream(), upstream.getOutputStream(), false, client, upstream);
                pump(upstream.getInputStream(), client.getOutputStream(), cut, client, upstream);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(InputStream from, OutputStream to, boolean cutAfterFirstEvent, Socket a, Socket b) {
        Thread thread = new Thread(() -> {
            // Headers end with the first blank line, the first event with the second.
            int blankLines = 0;
            int lineLength = 0;
            try {
                int c;
                while ((c = from.read()) >= 0) {
                    to.write(c);
                    if (c == '\n') {
                        if (lineLength == 0 || (lineLength == 1)) {
                            blankLines++;
                        }
                        lineLength = 0;
                        if (cutAfterFirstEvent && blankLines == 2) {
                            to.flush();
                            break;
                        }
                    } else {
                        lineLength++;
                    }
                    if (from.available() == 0) {
                        to.flush();
                    }
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                close(a);
                close(b);
            }
        }, "cutting-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
