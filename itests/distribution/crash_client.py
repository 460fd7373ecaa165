#!/usr/bin/env python3
"""Helper of crash-recovery.sh: talks to the API over loopback with the standard library only.

  crash_client.py enrol PORT USER KEY PREFIX ACKS SENT IMAGE...
      enrols PREFIX-1, PREFIX-2, ... (images in turn, liveness off) until killed; appends to SENT each reference
      before its request goes out and to ACKS each one answered 200 (with its image), flushed at once
  crash_client.py verify PORT USER KEY ACKS SENT
      checks the gallery against what was acknowledged: every acknowledged user is listed and matches 1:1 with
      its image; every listed user was at least sent and matches too (nothing half-written); prints the count
      (--once: one enrolment, exit status 0 only if it was acknowledged, with its template when asked for)
  crash_client.py repackage MODEL_JAR TARGET_JAR MODEL_VERSION
      the model bundle as a new model version (higher Bundle-Version, ranking 10), for the re-embedding variant
  crash_client.py watch PORT OUT
      asks GET /v1/users every 100 ms until killed; appends every answer that is neither nothing nor the seed's
      JSON to OUT (HTML while booting would land there)
"""
import http.client
import json
import os
import sys
import time
import uuid

# VISAGE_CRASH_ENROL_QUERY: more query parameters for each enrolment, e.g. "&return_template=true" (then an
# answer without its template is reported, not acknowledged)
EXTRA_QUERY = os.environ.get("VISAGE_CRASH_ENROL_QUERY", "")
WANT_TEMPLATE = "return_template=true" in EXTRA_QUERY


def multipart(fields, image_path):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, name, value)).encode())
    with open(image_path, "rb") as f:
        data = f.read()
    parts.append(("--%s\r\nContent-Disposition: form-data; name=\"image\"; filename=\"%s\"\r\n"
                  "Content-Type: application/octet-stream\r\n\r\n" % (boundary, os.path.basename(image_path))).encode())
    parts.append(data + b"\r\n")
    parts.append(("--%s--\r\n" % boundary).encode())
    return b"".join(parts), "multipart/form-data; boundary=" + boundary


def request(port, method, path, body=None, content_type=None, timeout=60):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": content_type} if content_type else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def enrol(port, user, key, prefix, acks, sent, images, once=False):
    n = 0
    with open(acks, "a") as ack_file, open(sent, "a") as sent_file:
        while True:
            n += 1
            reference = "%s-%d" % (prefix, n)
            image = images[n % len(images)]
            sent_file.write("%s %s\n" % (reference, image))
            sent_file.flush()
            body, content_type = multipart({"api_user": user, "api_key": key}, image)
            try:
                status, text = request(port, "POST", "/v1/users?user_reference=%s&liveness=false%s"
                                       % (reference, EXTRA_QUERY), body, content_type)
            except (OSError, http.client.HTTPException):
                time.sleep(0.2)  # down: the reference may or may not have been written; it stays in SENT only
                continue
            answer = json.loads(text) if text.strip().startswith("{") else {}
            if WANT_TEMPLATE and status == 200 and answer.get("status") == 200 and not answer.get("template"):
                print("enrol %s: no template in %s" % (reference, text[:200]), file=sys.stderr)
            elif status == 200 and answer.get("status") == 200:
                ack_file.write("%s %s\n" % (reference, image))
                ack_file.flush()
                if once:
                    return
            elif once:
                raise SystemExit("enrol %s: HTTP %d %s" % (reference, status, text[:200]))
            elif status >= 500 and status != 503:
                print("enrol %s: HTTP %d %s" % (reference, status, text[:200]), file=sys.stderr)
            if once and WANT_TEMPLATE:
                raise SystemExit("enrol %s: no template" % reference)


def read_pairs(path):
    pairs = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2:
                    pairs[parts[0]] = parts[1]
    return pairs


def listed_users(port, user, key):
    status, text = request(port, "GET", "/v1/users?api_user=%s&api_key=%s" % (user, key))
    body = json.loads(text)
    if status != 200 or body.get("status") != 200:
        raise SystemExit("GET /v1/users: HTTP %d %s" % (status, text[:300]))
    return [u["user_reference"] for u in body["users"]]


def matches(port, user, key, reference, image):
    body, content_type = multipart({"api_user": user, "api_key": key}, image)
    status, text = request(port, "POST", "/v2/gallery_matches?user_reference=%s&liveness=false&save_image=false"
                           % reference, body, content_type)
    answer = json.loads(text)
    match = answer.get("gallery_match") or {}
    return status == 200 and match.get("message") == "Face image match at Saffe grade.", text


def verify(port, user, key, acks, sent):
    acknowledged = read_pairs(acks)
    attempted = read_pairs(sent)
    listed = listed_users(port, user, key)
    problems = []
    listed_set = set(listed)
    if len(listed_set) != len(listed):
        problems.append("the listing names a user twice")
    lost = sorted(set(acknowledged) - listed_set)
    if lost:
        problems.append("%d acknowledged enrolments lost: %s" % (len(lost), " ".join(lost[:10])))
    phantoms = sorted(listed_set - set(attempted))
    if phantoms:
        problems.append("%d users that were never sent: %s" % (len(phantoms), " ".join(phantoms[:10])))
    not_matching = []
    for reference in sorted(listed_set & set(attempted)):
        ok, text = matches(port, user, key, reference, attempted[reference])
        if not ok:
            not_matching.append("%s (%s)" % (reference, text[:160]))
    if not_matching:
        problems.append("%d users that do not match 1:1 (half-written?): %s" % (len(not_matching),
                                                                                "; ".join(not_matching[:5])))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    print("%d %d %d" % (len(acknowledged), len(listed), len(attempted)))


def watch(port, out):
    with open(out, "a") as f:
        while True:
            try:
                status, text = request(port, "GET", "/v1/users", timeout=5)
                stripped = text.strip()
                if not (stripped.startswith('{"status":') and stripped.endswith("}")):
                    f.write("HTTP %d %s\n" % (status, stripped[:200].replace("\n", " ")))
                    f.flush()
            except (OSError, http.client.HTTPException):
                pass  # nothing listening, or the connection dropped: allowed
            time.sleep(0.1)


def repackage(source, target, version):
    """The model bundle SOURCE as a new model: Bundle-Version qualifier crash2, its Visage-Model header's model
    version VERSION and ranking 10 (as ModelBundles does for the Pax Exam tests)."""
    import re
    import zipfile
    with zipfile.ZipFile(source) as jar:
        entries = [(info, jar.read(info.filename)) for info in jar.infolist()]

    def fold(line):  # manifest lines: at most 72 bytes, continuations start with a space
        data, out = line.encode(), []
        out.append(data[:72])
        data = data[72:]
        while data:
            out.append(b" " + data[:71])
            data = data[71:]
        return b"\r\n".join(out)

    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            if info.filename == "META-INF/MANIFEST.MF":
                lines = [l for l in re.sub(r"\r?\n ", "", data.decode()).splitlines() if l]
                edited = []
                for line in lines:
                    name, _, value = line.partition(": ")
                    if name == "Bundle-Version":
                        value = re.sub(r"^(\d+\.\d+\.\d+).*", r"\1.crash2", value)
                    elif name == "Visage-Model":
                        if ";version=" not in value or ";ranking=" not in value:
                            raise SystemExit("the model bundle's layout changed: " + value)
                        value = re.sub(r';version=("[^"]*"|[^;,]*)', ';version="%s"' % version, value)
                        value = re.sub(r';ranking=("[^"]*"|[^;,]*)', ';ranking="10"', value)
                    edited.append("%s: %s" % (name, value))
                data = b"\r\n".join(fold(l) for l in edited) + b"\r\n\r\n"
            out.writestr(info, data)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "enrol":
        once = "--once" in sys.argv
        args = [a for a in sys.argv if a != "--once"]
        enrol(int(args[2]), args[3], args[4], args[5], args[6], args[7], args[8:], once)
    elif command == "verify":
        verify(int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6])
    elif command == "repackage":
        repackage(sys.argv[2], sys.argv[3], sys.argv[4])
    elif command == "watch":
        watch(int(sys.argv[2]), sys.argv[3])
    else:
        raise SystemExit(__doc__)
