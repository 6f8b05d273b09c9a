"""Merge single-server HCCL rank tables into one cluster table.

Usage (see README.md in this directory):
    python merge_hccl.py hccl_8p_01234567_10.0.0.1.json hccl_8p_01234567_10.0.0.2.json [--output_dir DIR]

Servers keep the order of the arguments; ranks are renumbered from 0 across the cluster in that
order. Writes hccl_<servers>s_<ranks>p.json.
"""
import json
import os
import sys

if __package__:
    from .hccl_tools import (RankTableError, OneLineErrorParser, prepare_output_dir,
                             validate_rank_table, write_rank_table)
else:  # run as a script from any directory
    from hccl_tools import (RankTableError, OneLineErrorParser, prepare_output_dir,
                            validate_rank_table, write_rank_table)


def load_single_server_table(path):
    try:
        with open(path, encoding="utf-8") as source:
            table = json.load(source)
    except OSError as err:
        raise RankTableError(f"{path}: cannot read: {err.strerror}")
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise RankTableError(f"{path}: not valid JSON: {err}")
    validate_rank_table(table, source=path)
    if table["server_count"] != "1":
        raise RankTableError(
            f"{path}: expected a single-server table (server_count \"1\"), got server_count {table['server_count']!r}")
    return table


def merge_rank_tables(tables, sources=None):
    """One cluster table from single-server tables, servers in the given order, ranks renumbered."""
    sources = sources or [f"table {index}" for index in range(len(tables))]
    if not tables:
        raise RankTableError("expected at least one rank table to merge")
    first_source = {}
    server_list = []
    rank = 0
    for table, source in zip(tables, sources):
        server = table["server_list"][0]
        server_id = server["server_id"]
        if server_id in first_source:
            raise RankTableError(f"{source}: server_id {server_id} is also in {first_source[server_id]}")
        first_source[server_id] = source
        devices = []
        for device in server["device"]:
            devices.append({"device_id": device["device_id"], "device_ip": device["device_ip"], "rank_id": str(rank)})
            rank += 1
        server_list.append({"server_id": server_id, "device": devices, "host_nic_ip": server["host_nic_ip"]})
    merged = {
        "version": "1.0",
        "server_count": str(len(server_list)),
        "server_list": server_list,
        "status": "completed",
    }
    return validate_rank_table(merged, source="merged table")


def merged_file_name(table):
    rank_size = sum(len(server["device"]) for server in table["server_list"])
    return f"hccl_{table['server_count']}s_{rank_size}p.json"


def build_arg_parser():
    parser = OneLineErrorParser(description="Merge single-server HCCL rank tables into one cluster table.")
    parser.add_argument("files", nargs="+", help="single-server rank tables; their order sets the rank order")
    parser.add_argument("--output_dir", default=".", help="directory for the merged table (default: cwd)")
    return parser


def main(argv=None):
    parser = build_arg_parser()
    try:
        args = parser.parse_args(argv)
        print(f"hccl files: {args.files}")
        tables = [load_single_server_table(path) for path in args.files]
        merged = merge_rank_tables(tables, sources=args.files)
        output_path = os.path.join(prepare_output_dir(args.output_dir), merged_file_name(merged))
        write_rank_table(merged, output_path)
    except RankTableError as err:
        print(f"{parser.prog}: error: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"{parser.prog}: error: cannot write {err.filename}: {err.strerror}", file=sys.stderr)
        return 1
    print(f"Completed: hccl file was save in : {output_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
