"""newskg's HTTP server: SPARQL 1.1 protocols, linked data and the query page.

``create_app(config=None)`` builds the Flask app; one blueprint per protocol lives in its own
module. The engine (:mod:`graph`) knows nothing of Flask.
"""

from server.app import create_app

__all__ = ["create_app"]
