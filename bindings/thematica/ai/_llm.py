"""The "llm" method: any OpenAI-compatible chat endpoint (a local Ollama or
llama.cpp server, or a hosted one), through urllib from the standard library.

One request per document: the prompt gives each code's definition,
inclusion and exclusion criteria and example, and asks for strict JSON::

    {"codings": [{"code": "<code name>", "quote": "<exact text>", "rationale": "…"}]}

Each quote is located verbatim in the document (every occurrence is not
guessed at: the first one is taken); a quote not found verbatim, or naming a
code not asked about, is dropped and counted. Network errors, HTTP 429/5xx and
answers that are not the JSON asked for are retried with exponential back-off;
what fails after the last retry raises ``LlmError`` saying what and where.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from typing import Any, Dict, List, Optional, Sequence, Tuple


class LlmError(OSError):
    """The model endpoint failed or kept answering something unusable."""


SYSTEM = ("You are a careful qualitative research assistant applying a codebook to a document. "
          "Answer with JSON only, no prose, exactly in the form "
          '{"codings": [{"code": "<code name>", "quote": "<exact text copied from the document>", '
          '"rationale": "<one sentence>"}]}. Quotes must be copied character for character from the '
          'document. If nothing applies, answer {"codings": []}.')


def prompt(codes: Sequence[Any], document_text: str) -> str:
    parts = ["Codebook:"]
    for c in codes:
        parts.append(f"- {c.name}: {c.description or '(no definition)'}")
        if c.inclusion:
            parts.append(f"  Include: {c.inclusion}")
        if c.exclusion:
            parts.append(f"  Exclude: {c.exclusion}")
        if c.example:
            parts.append(f"  Example: {c.example}")
    parts.append("")
    parts.append("Document:")
    parts.append(document_text)
    return "\n".join(parts)


def _post(url: str, body: dict, api_key: Optional[str], timeout: float) -> dict:
    data = json.dumps(body).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    req = urllib.request.Request(url, data=data, headers=headers, method="POST")
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (the user's endpoint)
        return json.loads(resp.read().decode("utf-8"))


def _parse(answer: dict) -> List[dict]:
    content = answer["choices"][0]["message"]["content"]
    content = content.strip()
    if content.startswith("```"):  # Some servers wrap JSON in a fence despite the instruction.
        content = content.strip("`")
        content = content[content.find("{"):]
    parsed = json.loads(content)
    codings = parsed["codings"]
    if not isinstance(codings, list):
        raise ValueError('"codings" is not a list')
    for c in codings:
        if not isinstance(c, dict) or not isinstance(c.get("quote"), str) or not isinstance(c.get("code"), str):
            raise ValueError("a coding lacks a string code or quote")
    return codings


def ask(endpoint: str, model: str, codes: Sequence[Any], document_text: str, *, seed: int,
        api_key: Optional[str] = None, timeout: float = 60.0, retries: int = 3,
        backoff: float = 1.0, temperature: float = 0.0) -> List[dict]:
    """The codings the model proposes for one document (validated JSON)."""
    url = endpoint.rstrip("/")
    if not url.endswith("/chat/completions"):
        url += "/chat/completions"
    body = {"model": model, "temperature": temperature, "seed": seed,
            "response_format": {"type": "json_object"},
            "messages": [{"role": "system", "content": SYSTEM},
                         {"role": "user", "content": prompt(codes, document_text)}]}
    last = ""
    for attempt in range(retries + 1):
        try:
            return _parse(_post(url, body, api_key, timeout))
        except urllib.error.HTTPError as e:
            last = f"HTTP {e.code} {e.reason}"
            if e.code not in (408, 429) and e.code < 500:
                raise LlmError(f"the model endpoint {url} refused the request: {last}") from e
        except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
            last = f"{type(e).__name__}: {getattr(e, 'reason', e)}"
        except (ValueError, KeyError, IndexError, TypeError) as e:
            last = f"an answer that is not the JSON asked for ({e})"
        if attempt < retries:
            time.sleep(backoff * (2 ** attempt))
    raise LlmError(f"the model endpoint {url} failed {retries + 1} times; last: {last}")


def locate(text: str, quote: str) -> Optional[Tuple[int, int]]:
    """[start, end) of the first verbatim occurrence of `quote` in `text`."""
    quote = quote.strip()
    if not quote:
        return None
    i = text.find(quote)
    return None if i < 0 else (i, i + len(quote))


def run(endpoint: str, model: str, codes: Sequence[Any], documents: Sequence[Any], seed: int,
        **options: Any) -> Tuple[List[Tuple[str, int, int, str, float, str]], Dict[str, int]]:
    """Suggestions (document id, start, end, code id, score, rationale) and
    counts: requests, proposed, dropped_not_verbatim, dropped_unknown_code."""
    by_name = {c.name.casefold(): c for c in codes}
    out: List[Tuple[str, int, int, str, float, str]] = []
    counts = {"requests": 0, "proposed": 0, "dropped_not_verbatim": 0, "dropped_unknown_code": 0}
    seen = set()
    for d in documents:
        codings = ask(endpoint, model, codes, d.text, seed=seed, **options)
        counts["requests"] += 1
        for c in codings:
            counts["proposed"] += 1
            code = by_name.get(str(c["code"]).strip().casefold())
            if code is None:
                counts["dropped_unknown_code"] += 1
                continue
            span = locate(d.text, c["quote"])
            if span is None:
                counts["dropped_not_verbatim"] += 1
                continue
            key = (d.id, span, code.id)
            if key in seen:
                continue
            seen.add(key)
            out.append((d.id, span[0], span[1], code.id, 1.0, str(c.get("rationale", ""))))
    return out, counts
