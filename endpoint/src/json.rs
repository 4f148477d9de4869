//! A JSON syntax check (RFC 8259), so the endpoint never stores a document the app cannot read.
//!
//! It checks syntax only and builds nothing, so a 5 MB document costs one pass and no
//! allocation. Nesting is limited to [`MAX_DEPTH`] so that a hostile body such as `[[[[…`
//! cannot exhaust the stack of the connection's thread.

/// The deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 128;

/// Whether `bytes` is exactly one JSON value, optionally surrounded by whitespace.
///
/// Any value is accepted at the top level (not only objects), as RFC 8259 allows. The text
/// must be UTF-8 without a byte order mark; anything after the value other than whitespace
/// makes it invalid.
#[must_use]
pub fn is_valid_json(bytes: &[u8]) -> bool {
    if std::str::from_utf8(bytes).is_err() {
        return false;
    }
    let mut parser = Parser { bytes, pos: 0 };
    parser.skip_whitespace();
    if parser.value(0).is_none() {
        return false;
    }
    parser.skip_whitespace();
    parser.pos == bytes.len()
}

/// `Some(())` when a piece of grammar matched (and was consumed), `None` when it did not.
type Matched = Option<()>;

/// A cursor over the input; each method consumes one piece of the grammar.
struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.pos += 1;
        Some(byte)
    }

    /// Consumes the next byte if it is `wanted`.
    fn eat(&mut self, wanted: u8) -> bool {
        let found = self.peek() == Some(wanted);
        if found {
            self.pos += 1;
        }
        found
    }

    fn expect(&mut self, wanted: u8) -> Matched {
        self.eat(wanted).then_some(())
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// One value; `depth` is the number of arrays and objects it sits inside.
    fn value(&mut self, depth: usize) -> Matched {
        match self.peek()? {
            b'{' => self.container(depth + 1, *b"{}", Parser::member),
            b'[' => self.container(depth + 1, *b"[]", Parser::value),
            b'"' => self.string(),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn literal(&mut self, word: &[u8]) -> Matched {
        let end = self.pos + word.len();
        if self.bytes.get(self.pos..end)? != word {
            return None;
        }
        self.pos = end;
        Some(())
    }

    /// An array or an object: `open`, `item`s separated by commas, `close`. The `item` is
    /// [`Parser::value`] for arrays and [`Parser::member`] for objects.
    fn container(
        &mut self,
        depth: usize,
        [open, close]: [u8; 2],
        item: fn(&mut Self, usize) -> Matched,
    ) -> Matched {
        if depth > MAX_DEPTH {
            return None;
        }
        self.expect(open)?;
        self.skip_whitespace();
        if self.eat(close) {
            return Some(());
        }
        loop {
            item(self, depth)?;
            self.skip_whitespace();
            match self.next()? {
                b',' => self.skip_whitespace(),
                byte if byte == close => return Some(()),
                _ => return None,
            }
        }
    }

    /// `"name": value` inside an object.
    fn member(&mut self, depth: usize) -> Matched {
        self.string()?;
        self.skip_whitespace();
        self.expect(b':')?;
        self.skip_whitespace();
        self.value(depth)
    }

    /// A string: no raw control characters, only the escapes RFC 8259 lists.
    fn string(&mut self) -> Matched {
        self.expect(b'"')?;
        loop {
            match self.next()? {
                b'"' => return Some(()),
                b'\\' => self.escape()?,
                0x00..=0x1f => return None,
                _ => {}
            }
        }
    }

    /// The part of an escape after the backslash. `\uXXXX` takes any four hex digits: the
    /// grammar allows unpaired surrogates, so they are accepted here too.
    fn escape(&mut self) -> Matched {
        match self.next()? {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Some(()),
            b'u' => {
                for _ in 0..4 {
                    if !self.next()?.is_ascii_hexdigit() {
                        return None;
                    }
                }
                Some(())
            }
            _ => None,
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Matched {
        self.eat(b'-');
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.skip_digits(),
            _ => return None,
        }
        if self.eat(b'.') {
            self.digits()?;
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            self.digits()?;
        }
        Some(())
    }

    /// One or more digits.
    fn digits(&mut self) -> Matched {
        self.next().filter(u8::is_ascii_digit)?;
        self.skip_digits();
        Some(())
    }

    fn skip_digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(text: &str) -> bool {
        is_valid_json(text.as_bytes())
    }

    #[test]
    fn accepts_every_kind_of_value() {
        for text in [
            "null",
            "true",
            "false",
            "0",
            "-0",
            "42",
            "-12.5",
            "1e10",
            "1E+2",
            "-1.5e-3",
            "0.0",
            r#""""#,
            r#""plain""#,
            r#""é and 日本""#,
            r#""\" \\ \/ \b \f \n \r \t""#,
            r#""\u00e9 \uD83D\uDE00""#,
            r#""\ud800""#,
            "[]",
            "{}",
            "[1, \"two\", [3], {\"four\": 4}, null, true]",
            r#"{"a": {"b": [1, 2, {"c": false}]}, "": ""}"#,
            " \t\r\n {\"padded\" : 1 } \n",
            "\"\u{7f}\"",
        ] {
            assert!(valid(text), "should be valid: {text:?}");
        }
    }

    #[test]
    fn rejects_broken_or_non_json_text() {
        for text in [
            "",
            "   ",
            "{",
            "}",
            "[1, 2",
            "[1,]",
            "[,1]",
            "[1 2]",
            r#"{"a": 1,}"#,
            r#"{"a" 1}"#,
            r#"{"a":}"#,
            "{a: 1}",
            "{1: 2}",
            "{'a': 1}",
            "01",
            "-01",
            "1.",
            ".5",
            "+1",
            "1e",
            "1e+",
            "-",
            "--1",
            "0x10",
            "NaN",
            "Infinity",
            "tru",
            "nul",
            "True",
            r#""unterminated"#,
            r#""bad \x escape""#,
            r#""\u12g4""#,
            r#""\u12""#,
            "\"raw\ttab\"",
            "\"raw\nnewline\"",
            "\u{feff}{}",
        ] {
            assert!(!valid(text), "should be invalid: {text:?}");
        }
    }

    #[test]
    fn rejects_trailing_garbage() {
        for text in ["{} {}", "[1] x", "null,", "1 2", "\"a\"\"b\"", "{}\0"] {
            assert!(!valid(text), "should be invalid: {text:?}");
        }
    }

    #[test]
    fn rejects_invalid_utf8() {
        assert!(!is_valid_json(b"\"\xff\""));
        assert!(!is_valid_json(b"\"\xc3\""));
    }

    #[test]
    fn nesting_is_limited_to_max_depth() {
        let nested = |depth: usize| "[".repeat(depth) + &"]".repeat(depth);
        assert!(valid(&nested(MAX_DEPTH)));
        assert!(!valid(&nested(MAX_DEPTH + 1)));
        let objects = |depth: usize| "{\"a\":".repeat(depth) + "1" + &"}".repeat(depth);
        assert!(valid(&objects(MAX_DEPTH)));
        assert!(!valid(&objects(MAX_DEPTH + 1)));
        // Far too deep must fail cleanly, not overflow the stack.
        assert!(!valid(&"[".repeat(1_000_000)));
    }
}
