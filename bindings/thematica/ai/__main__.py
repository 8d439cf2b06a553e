"""``python -m thematica.ai``: what ``thematica suggest`` and ``thematica
validate-run`` run (the methods are Python).

    python -m thematica.ai suggest STUDY --code X [--method learned] [--unit sentence]
                                   [--seed 0] [--document D] [--option KEY=VALUE] [--coder NAME]
    python -m thematica.ai validate-run STUDY RUN --coder Ana [--format markdown|html]
"""

from __future__ import annotations

import argparse
import ast
import sys
from typing import Any, List, Optional


def _value(text: str) -> Any:
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def main(argv: Optional[List[str]] = None) -> int:
    import thematica as tm

    parser = argparse.ArgumentParser(prog="python -m thematica.ai")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("suggest")
    s.add_argument("study")
    s.add_argument("--code", action="append", required=True)
    s.add_argument("--method", default="learned")
    s.add_argument("--unit", default="sentence")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--document", action="append")
    s.add_argument("--option", action="append", default=[])
    s.add_argument("--coder")
    v = sub.add_parser("validate-run")
    v.add_argument("study")
    v.add_argument("run")
    v.add_argument("--coder", action="append", required=True)
    v.add_argument("--format", default="markdown", choices=["markdown", "html"])
    args = parser.parse_args(argv)
    try:
        p = tm.load(args.study)
        if args.command == "suggest":
            options = {}
            for o in args.option:
                key, sep, value = o.partition("=")
                if not sep:
                    parser.error(f"--option {o!r} is not KEY=VALUE")
                options[key] = _value(value)
            run = p.suggest(codes=args.code, documents=args.document, method=args.method,
                            unit=args.unit, seed=args.seed, started_by=args.coder, **options)
            p.save(args.study)
            print(f"run {run.id}: {len(run.suggestions)} suggestions ({run.method})")
        else:
            against = args.coder if len(args.coder) > 1 else args.coder[0]
            sys.stdout.write(p.validation_report(args.run, against=against, format=args.format))
    except (tm.Error, OSError, ValueError, ImportError) as e:
        print(f"thematica: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
