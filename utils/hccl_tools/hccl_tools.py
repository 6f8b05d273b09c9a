"""Write the HCCL rank table (JSON) for the Ascend devices of one server.

Usage (see README.md in this directory):
    python hccl_tools.py --device_num "[0,8)" [--visible_devices 0,1,2,3,4,5,6,7]
                         [--server_ip 10.0.0.1] [--hccn_conf FILE | --device_ips ID:IP,...]
                         [--output_dir DIR]

Id conventions:
    * `--device_num` is a half-open range of *logical* ids (positions in `--visible_devices`).
    * `--visible_devices[logical id]` is the *physical* device id. It is written as `device_id`,
      passed to `hccn_tool -i`, and used as the key of `address_<id>=` in hccn.conf and of
      `--device_ips`.
"""
import argparse
import ipaddress
import json
import os
import re
import socket
import subprocess
import sys

DEFAULT_HCCN_CONF = "/etc/hccn.conf"
HCCN_TOOL = "hccn_tool"
HCCN_TOOL_TIMEOUT_S = 30
DEVICES_PER_SERVER = 8
DEVICES_PER_GROUP = 4

TOP_LEVEL_KEYS = ("version", "server_count", "server_list", "status")
SERVER_KEYS = ("server_id", "device", "host_nic_ip")
DEVICE_KEYS = ("device_id", "device_ip", "rank_id")

_RANGE_PATTERN = re.compile(r"^\s*\[\s*(\d+)\s*,\s*(\d+)\s*\)\s*$")


class RankTableError(ValueError):
    """Bad input or an environment problem; the message is shown to the user as one line."""


class HccnToolError(RuntimeError):
    """hccn_tool is missing, failed, or printed something other than an IPv4 address."""


class OneLineErrorParser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage, so errors stay one line."""

    def error(self, message):
        raise RankTableError(message)


def is_ipv4(text):
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


def require_ipv4(text, what):
    if not isinstance(text, str) or not is_ipv4(text):
        raise RankTableError(f"{what}: expected an IPv4 address like 192.168.100.101, got {text!r}")
    return text


def _require_device_id(text, what):
    if not re.fullmatch(r"\d+", text):
        raise RankTableError(f"{what}: expected a non-negative integer device id, got {text!r}")
    return str(int(text))


def parse_device_range(text):
    """`[first,end)` -> logical ids first..end-1, within one 4-device group unless it is [0,8)."""
    match = _RANGE_PATTERN.match(text)
    if not match:
        raise RankTableError(f"--device_num: expected a half-open range like [0,8) or [0, 4), got {text!r}")
    first, end = int(match.group(1)), int(match.group(2))
    if end > DEVICES_PER_SERVER:
        raise RankTableError(f"--device_num: end {end} exceeds {DEVICES_PER_SERVER}, ids must be in [0,{DEVICES_PER_SERVER})")
    if first >= end:
        raise RankTableError(f"--device_num: range [{first},{end}) is empty, first must be smaller than end")
    takes_all = first == 0 and end == DEVICES_PER_SERVER
    if not takes_all and first < DEVICES_PER_GROUP < end:
        raise RankTableError(
            f"--device_num: range [{first},{end}) crosses device groups 0-3 and 4-7; "
            f"use a range inside one group or the whole [0,{DEVICES_PER_SERVER})")
    return list(range(first, end))


def parse_visible_devices(text):
    """Comma list of physical device ids, indexed by logical id."""
    items = [item.strip() for item in text.split(",")]
    if not text.strip() or any(not item for item in items):
        raise RankTableError(f"--visible_devices: expected a comma list of device ids like 0,1,2,3, got {text!r}")
    ids = [_require_device_id(item, "--visible_devices") for item in items]
    duplicates = sorted({device_id for device_id in ids if ids.count(device_id) > 1}, key=int)
    if duplicates:
        raise RankTableError(f"--visible_devices: device id(s) {','.join(duplicates)} listed more than once")
    return ids


def physical_device_ids(logical_ids, visible_devices):
    missing = [logical for logical in logical_ids if logical >= len(visible_devices)]
    if missing:
        raise RankTableError(
            f"--visible_devices: has {len(visible_devices)} entries but logical id {missing[0]} "
            f"needs at least {missing[0] + 1}")
    return [visible_devices[logical] for logical in logical_ids]


def parse_device_ips(text):
    """`ID:IP,ID:IP,...` (physical ids) -> {id: ip}."""
    ips = {}
    for item in text.split(","):
        device_id, sep, ip = item.partition(":")
        if not sep:
            raise RankTableError(f"--device_ips: expected ID:IP pairs like 0:192.168.100.101, got {item.strip()!r}")
        device_id = _require_device_id(device_id.strip(), "--device_ips")
        if device_id in ips:
            raise RankTableError(f"--device_ips: device id {device_id} given more than once")
        ips[device_id] = require_ipv4(ip.strip(), f"--device_ips: device {device_id}")
    return ips


def read_hccn_conf(path):
    """Lines `address_<physical id>=<ip>` -> {id: ip}; other lines are ignored."""
    try:
        with open(path, encoding="utf-8") as conf:
            lines = conf.readlines()
    except (OSError, UnicodeDecodeError) as err:
        raise RankTableError(f"cannot read hccn.conf {path}: {err.strerror if isinstance(err, OSError) else err}")
    ips = {}
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line.startswith("address_"):
            continue
        where = f"{path} line {number}"
        key, sep, ip = line.partition("=")
        if not sep:
            raise RankTableError(f"{where}: expected address_<device id>=<ip>, got {line!r}")
        device_id = _require_device_id(key[len("address_"):].strip(), where)
        if device_id in ips:
            raise RankTableError(f"{where}: address of device {device_id} given more than once")
        ips[device_id] = require_ipv4(ip.strip(), where)
    return ips


def parse_hccn_tool_output(output):
    """The address from the `ipaddr:<ip>` line of `hccn_tool -i <id> -ip -g`."""
    for line in output.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() == "ipaddr":
            ip = value.strip()
            if not is_ipv4(ip):
                raise HccnToolError(f"ipaddr is not an IPv4 address: {ip!r}")
            return ip
    first_line = output.strip().splitlines()[0] if output.strip() else ""
    raise HccnToolError(f"no 'ipaddr:' line in its output (first line: {first_line!r})")


def query_hccn_tool(device_id):
    """IP of one physical device through `hccn_tool -i <physical id> -ip -g`."""
    command = [HCCN_TOOL, "-i", str(device_id), "-ip", "-g"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=HCCN_TOOL_TIMEOUT_S, check=False)
    except FileNotFoundError:
        raise HccnToolError(f"{HCCN_TOOL} not found on PATH")
    except (OSError, subprocess.TimeoutExpired) as err:
        raise HccnToolError(f"{' '.join(command)} failed: {err}")
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise HccnToolError(
            f"{' '.join(command)} exited with {result.returncode}" + (f": {detail[0]}" if detail else ""))
    try:
        return parse_hccn_tool_output(result.stdout)
    except HccnToolError as err:
        raise HccnToolError(f"{' '.join(command)}: {err}")


def _require_ips_for(device_ids, ips, source):
    missing = [device_id for device_id in device_ids if device_id not in ips]
    if missing:
        raise RankTableError(f"{source}: no IP for device id(s) {','.join(missing)}")
    return {device_id: ips[device_id] for device_id in device_ids}


def resolve_device_ips(device_ids, device_ips=None, hccn_conf=None,
                       query=query_hccn_tool, fallback_conf=DEFAULT_HCCN_CONF, log=print):
    """{physical id: ip} for `device_ids`.

    An explicit `device_ips` map or `hccn_conf` file is used as is. Otherwise hccn_tool is asked
    for every device; if it fails for any, all addresses come from `fallback_conf`.
    """
    if device_ips is not None:
        return _require_ips_for(device_ids, device_ips, "--device_ips")
    if hccn_conf is not None:
        return _require_ips_for(device_ids, read_hccn_conf(hccn_conf), hccn_conf)
    try:
        return {device_id: query(device_id) for device_id in device_ids}
    except HccnToolError as err:
        log(f"Failed to call hccn_tool ({err}), try to read {fallback_conf} instead")
    try:
        conf_ips = read_hccn_conf(fallback_conf)
    except RankTableError as err:
        raise RankTableError(f"{err}; hccn_tool failed too, pass --hccn_conf FILE or --device_ips ID:IP,...")
    return _require_ips_for(device_ids, conf_ips, fallback_conf)


def resolve_server_ip(server_ip):
    """The given server IP, or the address the local hostname resolves to."""
    if server_ip:
        return require_ipv4(server_ip, "--server_ip")
    try:
        hostname = socket.gethostname()
        detected = socket.gethostbyname(hostname)
    except OSError as err:
        raise RankTableError(f"--server_ip: not given and the local hostname does not resolve ({err}); pass --server_ip")
    return require_ipv4(detected, f"--server_ip: not given and hostname {hostname!r} resolved to something else")


def build_rank_table(server_id, devices):
    """Single-server table; `devices` is [(device_id, device_ip)] in rank order."""
    table = {
        "version": "1.0",
        "server_count": "1",
        "server_list": [{
            "server_id": server_id,
            "device": [
                {"device_id": str(device_id), "device_ip": device_ip, "rank_id": str(rank)}
                for rank, (device_id, device_ip) in enumerate(devices)
            ],
            "host_nic_ip": "reserve",
        }],
        "status": "completed",
    }
    validate_rank_table(table)
    return table


def _require_keys(obj, keys, where):
    if not isinstance(obj, dict):
        raise RankTableError(f"{where}: expected an object with keys {', '.join(keys)}")
    if set(obj) != set(keys):
        raise RankTableError(f"{where}: expected keys {', '.join(keys)}, got {', '.join(obj)}")


def _require_string(value, where):
    if not isinstance(value, str):
        raise RankTableError(f"{where}: expected a string, got {json.dumps(value)}")
    return value


def validate_rank_table(table, source="rank table"):
    """Check the schema: key sets, string values, server_count, IPs, unique ids, ranks 0..n-1."""
    _require_keys(table, TOP_LEVEL_KEYS, source)
    for key in ("version", "server_count", "status"):
        _require_string(table[key], f"{source}: {key}")
    if table["version"] != "1.0":
        raise RankTableError(f"{source}: version: expected \"1.0\", got {table['version']!r}")
    if table["status"] != "completed":
        raise RankTableError(f"{source}: status: expected \"completed\", got {table['status']!r}")
    servers = table["server_list"]
    if not isinstance(servers, list) or not servers:
        raise RankTableError(f"{source}: server_list: expected a non-empty list")
    if table["server_count"] != str(len(servers)):
        raise RankTableError(
            f"{source}: server_count: expected \"{len(servers)}\" (length of server_list), got {table['server_count']!r}")
    server_ids = set()
    next_rank = 0
    for index, server in enumerate(servers):
        where = f"{source}: server_list[{index}]"
        _require_keys(server, SERVER_KEYS, where)
        server_id = require_ipv4(_require_string(server["server_id"], f"{where}.server_id"), f"{where}.server_id")
        if server_id in server_ids:
            raise RankTableError(f"{where}.server_id: server {server_id} appears more than once")
        server_ids.add(server_id)
        _require_string(server["host_nic_ip"], f"{where}.host_nic_ip")
        devices = server["device"]
        if not isinstance(devices, list) or not devices:
            raise RankTableError(f"{where}.device: expected a non-empty list")
        device_ids, device_ips = set(), set()
        for position, device in enumerate(devices):
            device_where = f"{where}.device[{position}]"
            _require_keys(device, DEVICE_KEYS, device_where)
            device_id = _require_string(device["device_id"], f"{device_where}.device_id")
            if _require_device_id(device_id, f"{device_where}.device_id") != device_id:
                raise RankTableError(f"{device_where}.device_id: expected a plain integer like \"3\", got {device_id!r}")
            if device_id in device_ids:
                raise RankTableError(f"{device_where}.device_id: device {device_id} appears more than once in server {server_id}")
            device_ids.add(device_id)
            device_ip = require_ipv4(_require_string(device["device_ip"], f"{device_where}.device_ip"), f"{device_where}.device_ip")
            if device_ip in device_ips:
                raise RankTableError(f"{device_where}.device_ip: {device_ip} appears more than once in server {server_id}")
            device_ips.add(device_ip)
            if _require_string(device["rank_id"], f"{device_where}.rank_id") != str(next_rank):
                raise RankTableError(f"{device_where}.rank_id: expected \"{next_rank}\", got {device['rank_id']!r}")
            next_rank += 1
    return table


def rank_table_file_name(logical_ids, server_id):
    return f"hccl_{len(logical_ids)}p_{''.join(str(i) for i in logical_ids)}_{server_id}.json"


def prepare_output_dir(output_dir):
    if os.path.exists(output_dir) and not os.path.isdir(output_dir):
        raise RankTableError(f"--output_dir: {output_dir} exists and is not a directory")
    try:
        os.makedirs(output_dir, exist_ok=True)
    except OSError as err:
        raise RankTableError(f"--output_dir: cannot create {output_dir}: {err.strerror}")
    return os.path.abspath(output_dir)


def write_rank_table(table, path):
    with open(path, "w", encoding="utf-8") as out:
        json.dump(table, out, indent=4)
        out.write("\n")


def build_arg_parser():
    parser = OneLineErrorParser(description="Write the HCCL rank table for the Ascend devices of one server.")
    parser.add_argument("--device_num", default="[0,8)",
                        help="half-open range of logical ids, e.g. \"[0,8)\", \"[0, 4)\", \"[4,8)\" (default [0,8))")
    parser.add_argument("--visible_devices", default="0,1,2,3,4,5,6,7",
                        help="physical device id of each logical id, comma separated (default 0,1,2,3,4,5,6,7)")
    parser.add_argument("--server_ip", default="",
                        help="server id written to the table (default: the IP of the local hostname)")
    ip_source = parser.add_mutually_exclusive_group()
    ip_source.add_argument("--hccn_conf", default=None,
                           help="read device IPs from this hccn.conf instead of calling hccn_tool")
    ip_source.add_argument("--device_ips", default=None,
                           help="device IPs by physical id, e.g. 0:192.168.100.101,1:192.168.101.101")
    parser.add_argument("--output_dir", default=".", help="directory for the rank table (default: cwd)")
    return parser


def main(argv=None):
    parser = build_arg_parser()
    try:
        args = parser.parse_args(argv)
        logical_ids = parse_device_range(args.device_num)
        visible_devices = parse_visible_devices(args.visible_devices)
        device_ids = physical_device_ids(logical_ids, visible_devices)
        explicit_ips = parse_device_ips(args.device_ips) if args.device_ips is not None else None
        server_id = resolve_server_ip(args.server_ip)
        ips = resolve_device_ips(device_ids, device_ips=explicit_ips, hccn_conf=args.hccn_conf)
        table = build_rank_table(server_id, [(device_id, ips[device_id]) for device_id in device_ids])
        output_path = os.path.join(prepare_output_dir(args.output_dir), rank_table_file_name(logical_ids, server_id))
    except RankTableError as err:
        print(f"{parser.prog}: error: {err}", file=sys.stderr)
        return 1
    print(f"start {os.path.abspath(__file__)}")
    print(f"visible_devices:{visible_devices}")
    print(f"server_id:{server_id}")
    print(f"device_num_list: {logical_ids}")
    for device in table["server_list"][0]["device"]:
        print(f"rank_id:{device['rank_id']}, device_id:{device['device_id']}, device_ip:{device['device_ip']}")
    try:
        write_rank_table(table, output_path)
    except OSError as err:
        print(f"{parser.prog}: error: cannot write {output_path}: {err.strerror}", file=sys.stderr)
        return 1
    print(f"Completed: hccl file was save in : {output_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
