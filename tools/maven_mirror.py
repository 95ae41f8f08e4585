"""A Maven mirror on 127.0.0.1 serving this machine's local Maven repository, appending every
requested path to a log file, so bench/ can count what a job downloads without leaving loopback.
Usage: python3 maven_mirror.py REPOSITORY_DIR PORT LOG_FILE"""
import http.server
import sys
from functools import partial

repository, port, log = sys.argv[1], int(sys.argv[2]), sys.argv[3]


class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        with open(log, "a") as out:
            out.write(self.path + "\n")
        if self.path.startswith("/maven2/"):
            self.path = self.path[len("/maven2"):]
        super().do_GET()

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(Handler, directory=repository)).serve_forever()
