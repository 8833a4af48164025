#!/usr/bin/python3
"""grpcio interop client. Flags as grpc's: --server_host --server_port --test_case --use_tls
--use_test_ca --server_host_override. Exits 0 when the case passes, 1 otherwise."""
import argparse
import os
import sys

import grpc

import cases
import stubs

CA_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "certs", "ca.pem")


def boolean(text):
    if text not in ("true", "false"):
        raise argparse.ArgumentTypeError(f"want true or false, got {text!r}")
    return text == "true"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server_host", default="127.0.0.1")
    parser.add_argument("--server_port", type=int, required=True)
    parser.add_argument("--test_case", required=True, choices=sorted(cases.CASES))
    parser.add_argument("--use_tls", type=boolean, nargs="?", const=True, default=False)
    parser.add_argument("--use_test_ca", type=boolean, nargs="?", const=True, default=False)
    parser.add_argument("--server_host_override", default="")
    return parser.parse_args(argv)


def open_channel(args):
    target = f"{args.server_host}:{args.server_port}"
    options = [("grpc.max_receive_message_length", -1)]
    if args.server_host_override:
        options.append(("grpc.ssl_target_name_override", args.server_host_override))
        options.append(("grpc.default_authority", args.server_host_override))
    if not args.use_tls:
        return grpc.insecure_channel(target, options=options)
    root = open(CA_FILE, "rb").read() if args.use_test_ca else None
    return grpc.secure_channel(target, grpc.ssl_channel_credentials(root_certificates=root), options=options)


def main(argv):
    args = parse_args(argv)
    messages, empty, test_grpc = stubs.load()
    with open_channel(args) as channel:
        peer = cases.Peer(messages, empty, test_grpc.TestServiceStub(channel),
                          test_grpc.UnimplementedServiceStub(channel))
        try:
            cases.CASES[args.test_case](peer)
        except (AssertionError, grpc.RpcError) as err:
            detail = f"{err.code()} {err.details()!r}" if isinstance(err, grpc.RpcError) else str(err)
            print(f"{args.test_case}: FAIL: {detail}", file=sys.stderr)
            return 1
    print(f"{args.test_case}: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
