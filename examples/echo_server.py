"""An echo server written with the Python standard library, to try sockspec's --target on.

    python3 examples/echo_server.py tcp 127.0.0.1 7000
    python3 examples/echo_server.py udp 127.0.0.1 7000
    python3 examples/echo_server.py unix /tmp/echo.sock

Each TCP or Unix connection gets its bytes back until it half-closes; then the server closes its
side too. Each UDP datagram is sent back to its sender.
"""
import os
import socket
import socketserver
import sys


class StreamEcho(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        while True:
            data = self.request.recv(65536)
            if not data:
                break
            self.request.sendall(data)
        self.request.shutdown(socket.SHUT_WR)


class DatagramEcho(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        data, sock = self.request
        sock.sendto(data, self.client_address)


class ThreadingTCPServer6(socketserver.ThreadingTCPServer):
    address_family = socket.AF_INET6


class UDPServer6(socketserver.UDPServer):
    address_family = socket.AF_INET6


# UDPServer reads 8192 bytes a datagram and silently truncates larger ones (sockspec's
# max_datagram scenario shows this): read the largest UDP payload whole.
socketserver.UDPServer.max_packet_size = 65536


# socketserver listens with a backlog of 5: fifty clients connecting at once overflow it, and the
# kernel drops or resets their handshakes (sockspec's many-clients scenario shows this).
socketserver.TCPServer.request_queue_size = 128


def main() -> None:
    kind = sys.argv[1]
    socketserver.TCPServer.allow_reuse_address = True
    if kind == "unix":
        path = sys.argv[2]
        if os.path.exists(path):
            os.unlink(path)
        server = socketserver.ThreadingUnixStreamServer(path, StreamEcho)
    else:
        host, port = sys.argv[2], int(sys.argv[3])
        if kind == "udp":
            server = (UDPServer6 if ":" in host else socketserver.UDPServer)((host, port), DatagramEcho)
        elif ":" in host:
            server = ThreadingTCPServer6((host, port), StreamEcho)
        else:
            server = socketserver.ThreadingTCPServer((host, port), StreamEcho)
    server.daemon_threads = True
    print("listening", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
