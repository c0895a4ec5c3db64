"""Adversarial: servers started in the answer cell and never stopped (one on fixed port 5000)."""

from sample_answers.flask_api import FLASK_API

DESCRIPTION = 'adversarial: servers left running in the kernel'
EXPECTED_SCORE = 20.0

ANSWERS = {
    "create_app": FLASK_API + '''
import threading

import apilab
from werkzeug.serving import make_server

forgotten = apilab.serve(create_app(), name="my-own-server")
my_server = make_server("127.0.0.1", 5000, create_app())
threading.Thread(target=my_server.serve_forever, daemon=True).start()
''',
}
