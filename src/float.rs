//! Floats printed the two ways the tool must match, side by side because they share C's `%g`
//! layout (`%e` form for small and large exponents, plain decimals otherwise, no trailing
//! zeros) and differ in the digits and the exponent threshold:
//!
//! - [`go_float`], Go's `%v` as buf prints default values in its messages: the *shortest*
//!   digits that read back to the same value, `%e` form from exponent 6 on (`1e+06`);
//! - [`simple_dtoa`] and [`simple_ftoa`], protoc's `SimpleDtoa`/`SimpleFtoa` as protoc stores
//!   default values in descriptors: a *fixed* number of digits (`%.15g`, else `%.17g`; `%.6g`,
//!   else `%.9g` for floats), `%e` form from the exponent of that precision on (`9000000000`,
//!   `7e+22`).
//!
//! They do differ (`1234567.0` is `1.234567e+06` to Go, `1234567` to protoc; the smallest
//! subnormal is `5e-324` to Go, `4.94065645841247e-324` to protoc), so both stay; only the
//! layout is shared (`layout_g`).

/// Go's `%v` of a float32 (`bits` = 32) or float64: the shortest digits that read back to the
/// same value, in `%e` form when the exponent is below -4 or at least 6 (`1e+06`, `1.5e-07`),
/// `+Inf`, `-Inf`, `NaN`.
pub fn go_float(v: f64, bits: u8) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    // Rust's `{:e}` is the shortest round-trip form of the value's own type: "-1.5e-7".
    let sci = if bits == 32 {
        format!("{:e}", v as f32)
    } else {
        format!("{v:e}")
    };
    layout_g(&sci, 6)
}

/// protoc's `SimpleDtoa`: `%.15g`, or `%.17g` when that does not read back as the same value.
pub fn simple_dtoa(v: f64) -> String {
    let short = format_g(v, 15);
    if short.parse::<f64>().ok() == Some(v) {
        short
    } else {
        format_g(v, 17)
    }
}

/// protoc's `SimpleFtoa`: `%.6g`, or `%.9g` when that does not read back as the same float.
pub fn simple_ftoa(v: f32) -> String {
    let short = format_g(f64::from(v), 6);
    if short.parse::<f32>().ok() == Some(v) {
        short
    } else {
        format_g(f64::from(v), 9)
    }
}

/// C's `%.{precision}g` (`inf`, `-inf` and `NaN` as Rust prints them: a float default too
/// large for a float reaches here as infinity).
fn format_g(v: f64, precision: usize) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    layout_g(
        &format!("{:.*e}", precision.saturating_sub(1), v),
        precision as i32,
    )
}

/// The `%g` layout of a finite number given as Rust's `{:e}` text (`-1.50e-7`): `%e` form
/// (`-1.5e-07`) when the exponent is below -4 or at least `eprec`, plain decimals otherwise;
/// trailing zeros dropped either way.
fn layout_g(sci: &str, eprec: i32) -> String {
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (neg, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let digits = match digits.trim_end_matches('0') {
        "" => "0",
        d => d,
    };
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if exp < -4 || exp >= eprec {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push_str(&format!(
            "e{}{:02}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        ));
        return out;
    }
    // Decimal point after `dp` digits.
    let dp = exp + 1;
    let nd = digits.len() as i32;
    if dp <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat((-dp) as usize));
        out.push_str(digits);
    } else if dp >= nd {
        out.push_str(digits);
        out.push_str(&"0".repeat((dp - nd) as usize));
    } else {
        out.push_str(&digits[..dp as usize]);
        out.push('.');
        out.push_str(&digits[dp as usize..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_go_v() {
        assert_eq!(go_float(1_000_000.0, 32), "1e+06");
        assert_eq!(go_float(f64::from(1.5e-7_f32), 32), "1.5e-07");
        assert_eq!(go_float(f64::from(1.1_f32), 32), "1.1");
        assert_eq!(go_float(1.1, 64), "1.1");
        assert_eq!(go_float(123_456.0, 64), "123456");
        assert_eq!(go_float(123_456_789.0, 64), "1.23456789e+08");
        assert_eq!(go_float(0.0001, 64), "0.0001");
        assert_eq!(go_float(0.00001, 64), "1e-05");
        assert_eq!(go_float(-2.5, 64), "-2.5");
        assert_eq!(go_float(0.0, 64), "0");
        assert_eq!(go_float(-0.0, 64), "-0");
        assert_eq!(go_float(f64::INFINITY, 64), "+Inf");
        assert_eq!(go_float(f64::NEG_INFINITY, 32), "-Inf");
        assert_eq!(go_float(f64::NAN, 64), "NaN");
        assert_eq!(go_float(1e100, 64), "1e+100");
    }

    #[test]
    fn floating_defaults_read_like_protocs_simple_dtoa() {
        assert_eq!(simple_ftoa(9e9), "9e+09");
        assert_eq!(simple_ftoa(0.1), "0.1");
        assert_eq!(simple_dtoa(9e9), "9000000000");
        assert_eq!(simple_dtoa(7e22), "7e+22");
        assert_eq!(simple_dtoa(1.5e3), "1500");
        assert_eq!(simple_dtoa(0.1), "0.1");
        assert_eq!(simple_dtoa(1e-5), "1e-05");
        assert_eq!(simple_dtoa(-2.5), "-2.5");
        assert_eq!(simple_dtoa(123456789012345680.0), "1.2345678901234568e+17");
        assert_eq!(simple_dtoa(0.0), "0");
        assert_eq!(simple_dtoa(-0.0), "-0");
        // A float default too large for a float.
        assert_eq!(simple_ftoa(f32::INFINITY), "inf");
    }

    #[test]
    fn go_and_protoc_differ_in_threshold_and_digits() {
        assert_eq!(go_float(1_234_567.0, 64), "1.234567e+06");
        assert_eq!(simple_dtoa(1_234_567.0), "1234567");
        assert_eq!(go_float(5e-324, 64), "5e-324");
        assert_eq!(simple_dtoa(5e-324), "4.94065645841247e-324");
    }
}
