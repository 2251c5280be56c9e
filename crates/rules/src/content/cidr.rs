//! IP addresses and CIDR blocks, IPv4 and IPv6, parsed by hand (no std::net so the
//! accepted syntax is exactly what we document, on every target).

/// An address family and its bits, left-aligned in a u128 for both families.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpAddr {
    v6: bool,
    bits: u128,
}

/// A block of addresses: every address whose first `prefix_len` bits equal the block's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix_len: u32,
}

impl Cidr {
    /// Parses `address/prefix`, for example `10.0.0.0/24` or `2001:db8::/32`.
    pub fn parse(text: &str) -> Result<Cidr, String> {
        let (address, prefix) = text
            .split_once('/')
            .ok_or_else(|| format!("\"{text}\" is not a CIDR block (address/prefix)"))?;
        let network =
            IpAddr::parse(address).ok_or_else(|| format!("\"{address}\" is not an IP address"))?;
        let max = if network.v6 { 128 } else { 32 };
        let prefix_len = parse_decimal(prefix)
            .filter(|p| *p <= max)
            .ok_or_else(|| format!("\"{prefix}\" is not a prefix length from 0 to {max}"))?;
        Ok(Cidr {
            network,
            prefix_len,
        })
    }

    /// Whether the address is inside the block; the families must agree.
    pub fn contains(&self, address: IpAddr) -> bool {
        if address.v6 != self.network.v6 {
            return false;
        }
        let mask = if self.prefix_len == 0 {
            0
        } else {
            u128::MAX << (128 - self.prefix_len)
        };
        address.bits & mask == self.network.bits & mask
    }
}

impl IpAddr {
    /// Parses an IPv4 dotted quad or an IPv6 address (with `::` and an optional
    /// trailing dotted quad). Returns None for anything else.
    pub fn parse(text: &str) -> Option<IpAddr> {
        if text.contains(':') {
            parse_v6(text).map(|bits| IpAddr { v6: true, bits })
        } else {
            parse_v4(text).map(|v4| IpAddr {
                v6: false,
                bits: u128::from(v4) << 96,
            })
        }
    }
}

fn parse_decimal(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A byte loop rather than split-and-parse: events are matched far more often
/// than patterns are parsed. Octets have one to three digits, up to 255.
fn parse_v4(text: &str) -> Option<u32> {
    let (mut value, mut octet, mut digits, mut dots) = (0u32, 0u32, 0u32, 0u32);
    for byte in text.bytes() {
        match byte {
            b'0'..=b'9' if digits < 3 => {
                octet = octet * 10 + u32::from(byte - b'0');
                digits += 1;
            }
            b'.' if digits > 0 && octet <= 255 && dots < 3 => {
                value = (value << 8) | octet;
                (octet, digits, dots) = (0, 0, dots + 1);
            }
            _ => return None,
        }
    }
    (dots == 3 && digits > 0 && octet <= 255).then_some((value << 8) | octet)
}

fn parse_v6(text: &str) -> Option<u128> {
    let (head, tail) = match text.split_once("::") {
        Some((head, tail)) => (head, Some(tail)),
        None => (text, None),
    };
    let head_groups = parse_groups(head)?;
    let Some(tail) = tail else {
        return (head_groups.len() == 8).then(|| join_groups(&head_groups));
    };
    let tail_groups = parse_groups(tail)?;
    // `::` stands for at least one group of zeros.
    if head_groups.len() + tail_groups.len() > 7 {
        return None;
    }
    let mut groups = head_groups;
    groups.resize(8 - tail_groups.len(), 0);
    groups.extend(tail_groups);
    Some(join_groups(&groups))
}

/// The 16-bit groups of one side of `::`; a final dotted quad counts as two groups.
fn parse_groups(text: &str) -> Option<Vec<u16>> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    let parts: Vec<&str> = text.split(':').collect();
    let mut groups = Vec::with_capacity(8);
    for (index, part) in parts.iter().enumerate() {
        if index + 1 == parts.len() && part.contains('.') {
            let v4 = parse_v4(part)?;
            groups.push((v4 >> 16) as u16);
            groups.push((v4 & 0xffff) as u16);
        } else if !part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_hexdigit())
        {
            groups.push(u16::from_str_radix(part, 16).ok()?);
        } else {
            return None;
        }
    }
    (groups.len() <= 8).then_some(groups)
}

fn join_groups(groups: &[u16]) -> u128 {
    groups
        .iter()
        .fold(0u128, |acc, g| (acc << 16) | u128::from(*g))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(t: &str) -> IpAddr {
        IpAddr::parse(t).expect("valid address")
    }

    #[test]
    fn v4_blocks() {
        let block = Cidr::parse("10.0.0.0/24").expect("valid");
        assert!(block.contains(ip("10.0.0.255")));
        assert!(!block.contains(ip("10.0.1.0")));
        assert!(Cidr::parse("0.0.0.0/0")
            .expect("valid")
            .contains(ip("1.2.3.4")));
        assert!(Cidr::parse("10.0.0.0/33").is_err());
        assert!(Cidr::parse("xx.11.xx/8").is_err());
        assert!(Cidr::parse("bad-/64filter").is_err());
        assert!(IpAddr::parse("1.2.3").is_none());
        assert!(IpAddr::parse("1.2.3.256").is_none());
    }

    #[test]
    fn v6_blocks() {
        let block = Cidr::parse("2001:db8:1234:1a00::/64").expect("valid");
        assert!(block.contains(ip("2001:0db8:1234:1a00:0000:0000:0000:0001")));
        assert!(!block.contains(ip("2001:0db8:123f:1a01::")));
        assert!(!block.contains(ip("10.0.0.1")));
        assert!(Cidr::parse("xxxx:db8:1234:1a00::/64").is_err());
        assert_eq!(ip("::ffff:1.2.3.4"), ip("0:0:0:0:0:ffff:102:304"));
        assert!(IpAddr::parse("1::2::3").is_none());
        assert!(IpAddr::parse("1:2:3:4:5:6:7:8:9").is_none());
    }
}
