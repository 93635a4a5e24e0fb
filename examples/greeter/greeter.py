"""The greeter: a small line-protocol server, the example project that sockspec's CI templates
(examples/ci/) run their scenarios against.

    python3 greeter.py 127.0.0.1 7000

One command a line, one answer a line:

    GREET ada     ->  HELLO ADA
    COUNT         ->  GREETED 1     (greetings on this connection so far)
    QUIT          ->  BYE, then the server closes the connection
    anything else ->  ERR unknown command

It serves many clients at once (one thread each) and prints "ready" once it listens.
"""
import socketserver
import sys


class Greeter(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        greeted = 0
        for line in self.rfile:
            command, _, argument = line.decode("utf-8", "replace").strip().partition(" ")
            if command == "GREET" and argument:
                greeted += 1
                self.wfile.write(f"HELLO {argument.upper()}\n".encode())
            elif command == "COUNT":
                self.wfile.write(f"GREETED {greeted}\n".encode())
            elif command == "QUIT":
                self.wfile.write(b"BYE\n")
                return
            else:
                self.wfile.write(b"ERR unknown command\n")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    request_queue_size = 128


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    with Server((host, port), Greeter) as server:
        print("ready", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
