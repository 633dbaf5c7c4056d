"""A loopback HTTP proxy that lets through only requests carrying a valid AWS SigV4 signature.

It stands where an EMR Serverless Livy endpoint would check a request, in front of the local
stack's Livy: every request's signature is recomputed with botocore's SigV4Auth (an implementation
independent of the AWS SDK for JavaScript signer the kernel uses) from the request as received,
its body included, and compared; a request that does not verify is answered 403 and never reaches
Livy. GET /__sigv4/stats (not forwarded, not checked) tells the test what was verified and refused.

Usage: python sigv4_verifying_proxy.py TARGET_URL REGION SERVICE
Credentials to verify against: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (optional).
Prints {"port": N} on its first line once listening on 127.0.0.1.
"""

import datetime
import hashlib
import hmac
import http.client
import json
import os
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AUTHORIZATION = re.compile(
    r'^AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request, '
    r'SignedHeaders=(?P<signed>[a-z0-9;-]+), Signature=(?P<signature>[0-9a-f]{64})$'
)
# What a signature must cover for the check to mean anything: where it goes, when, and what body.
REQUIRED_SIGNED = {'host', 'x-amz-date', 'x-amz-content-sha256'}
# AWS refuses a signature more than 5 minutes off its clock.
MAX_SKEW = datetime.timedelta(minutes=5)
HOP_BY_HOP = {'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host'}


class Verifier:
    def __init__(self, region, service, credentials):
        self.region = region
        self.service = service
        self.credentials = credentials
        self.lock = threading.Lock()
        self.verified = []
        self.refused = []

    def problem(self, method, path, headers, body):
        """Why a request does not verify, or None when it does."""
        match = AUTHORIZATION.match(headers.get('authorization', ''))
        if not match:
            return 'no SigV4 Authorization header'
        if match['key'] != self.credentials.access_key:
            return 'signed with another access key'
        if (match['region'], match['service']) != (self.region, self.service):
            return f"scope {match['region']}/{match['service']} is not {self.region}/{self.service}"
        signed = match['signed'].split(';')
        missing = REQUIRED_SIGNED - set(signed)
        if missing:
            return f'not signed: {", ".join(sorted(missing))}'
        if any(name not in headers for name in signed):
            return 'a signed header is missing from the request'
        amz_date = headers['x-amz-date']
        if not amz_date.startswith(match['date']):
            return 'the credential scope date is not the request date'
        try:
            when = datetime.datetime.strptime(amz_date, '%Y%m%dT%H%M%SZ').replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            return f'bad X-Amz-Date {amz_date}'
        if abs(datetime.datetime.now(datetime.timezone.utc) - when) > MAX_SKEW:
            return 'signed more than 5 minutes away from now'
        if headers['x-amz-content-sha256'] != hashlib.sha256(body).hexdigest():
            return 'X-Amz-Content-SHA256 is not the hash of the body received'
        if self.credentials.token is not None and headers.get('x-amz-security-token') != self.credentials.token:
            return 'the session token is missing or wrong'
        request = AWSRequest(method=method, url=f"http://{headers['host']}{path}", data=body, headers={name: headers[name] for name in signed})
        request.context['timestamp'] = amz_date
        auth = SigV4Auth(self.credentials, self.service, self.region)
        expected = auth.signature(auth.string_to_sign(request, auth.canonical_request(request)), request)
        if not hmac.compare_digest(expected, match['signature']):
            return 'the signature does not match the request'
        return None

    def record(self, method, path, body, problem):
        with self.lock:
            check = {'method': method, 'path': path, 'body': body[:2000].decode('utf-8', 'replace'), 'problem': problem}
            (self.refused if problem else self.verified).append(check)

    def stats(self):
        with self.lock:
            return {'verified': list(self.verified), 'refused': list(self.refused)}


def make_handler(verifier, target):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def log_message(self, *args):
            pass

        def _answer(self, status, body, headers=()):
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _handle(self):
            length = int(self.headers.get('Content-Length') or 0)
            body = self.rfile.read(length) if length else b''
            if self.command == 'GET' and self.path == '/__sigv4/stats':
                self._answer(200, json.dumps(verifier.stats()).encode(), [('Content-Type', 'application/json')])
                return
            headers = {name.lower(): value for name, value in self.headers.items()}
            problem = verifier.problem(self.command, self.path, headers, body)
            verifier.record(self.command, self.path, body, problem)
            if problem:
                message = json.dumps({'message': f'SigV4 check failed: {problem}'}).encode()
                self._answer(403, message, [('Content-Type', 'application/json')])
                return
            forward = {name: value for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP}
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=120)
            try:
                connection.request(self.command, target.path.rstrip('/') + self.path, body=body if body else None, headers=forward)
                response = connection.getresponse()
                answer = response.read()
                kept = [(name, value) for name, value in response.getheaders() if name.lower() not in HOP_BY_HOP]
                self._answer(response.status, answer, kept)
            except OSError as error:
                self._answer(502, json.dumps({'message': f'proxy could not reach {target.geturl()}: {error}'}).encode(), [('Content-Type', 'application/json')])
            finally:
                connection.close()

        do_GET = do_POST = do_DELETE = do_PUT = _handle

    return Handler


def main():
    target_url, region, service = sys.argv[1:4]
    credentials = Credentials(os.environ['AWS_ACCESS_KEY_ID'], os.environ['AWS_SECRET_ACCESS_KEY'], os.environ.get('AWS_SESSION_TOKEN') or None)
    server = ThreadingHTTPServer(('127.0.0.1', 0), make_handler(Verifier(region, service, credentials), urlsplit(target_url)))
    server.daemon_threads = True
    print(json.dumps({'port': server.server_address[1]}), flush=True)
    server.serve_forever()


if __name__ == '__main__':
    main()
