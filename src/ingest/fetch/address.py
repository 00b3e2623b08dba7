"""Address guard: which URLs and resolved addresses the fetcher may connect to."""

from __future__ import annotations

import ipaddress
from typing import Literal

AddressClass = Literal["public", "loopback", "private", "link_local", "metadata", "multicast", "reserved",
                       "unspecified", "shared"]

# Cloud metadata services (AWS/GCP/Azure/OpenStack 169.254.169.254, AWS IPv6, Alibaba, Oracle).
METADATA_ADDRESSES = frozenset({
    ipaddress.ip_address("169.254.169.254"),
    ipaddress.ip_address("fd00:ec2::254"),
    ipaddress.ip_address("100.100.100.200"),
    ipaddress.ip_address("192.0.0.192"),
})
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_ip(host: str) -> IpAddress | None:
    """The IP address if `host` is an IP literal (with or without [brackets]), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def classify_address(address: IpAddress | str) -> AddressClass:
    """Classify an IP address; only "public" may be connected to without an operator host_map entry."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return classify_address(mapped)
    if ip in METADATA_ADDRESSES:
        return "metadata"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link_local"
    if ip.is_multicast:
        return "multicast"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED:
        return "shared"
    if ip.is_private:
        return "private"
    if ip.is_reserved or not ip.is_global:
        return "reserved"
    return "public"


def is_public(address: IpAddress | str) -> bool:
    return classify_address(address) == "public"
