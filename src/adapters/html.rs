//! HTML pages read with bounded work, whatever they hold. html5ever, under `scraper`, does
//! work that grows with the square of two things a hostile page controls: the nesting depth
//! (each element is checked against every open element around it: a million nested
//! `<div>`s, 5 MB, never finish) and the attributes of one element (each is compared with
//! those before it). So a page is refused, with one clear line, when one element has more
//! attributes than any page has (a linear scan of the bytes first), or its elements nest
//! deeper than browsers build them (checked as the tree is built, a piece of the page at a
//! time). `page:` needs only the JSON-LD scripts: those are taken by the tokenizer alone,
//! with no tree at all.

use super::AdapterError;
use ego_tree::NodeId;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};

/// How deep elements may nest: browsers stop nesting there too (Chromium's parser puts
/// elements deeper than 512 beside their parent instead).
pub const MAX_DEPTH: usize = 512;

/// How many attributes one element may have; real pages use a few dozen at most.
pub const MAX_ATTRIBUTES: usize = 512;

/// The page is parsed this much at a time, its depth checked in between: a hostile page
/// costs at most one piece's worth of work past the limit.
const PIECE: usize = 16 * 1024;

/// A page as a DOM, or an error when reading it would take unbounded work.
pub fn document(html: &str) -> Result<Html, AdapterError> {
    check_attributes(html)?;
    let sink = Bounded {
        inner: HtmlTreeSink::new(Html::new_document()),
        too_deep: Cell::new(false),
    };
    let mut parser = html5ever::parse_document(sink, Default::default());
    let mut rest = html;
    while !rest.is_empty() {
        let mut cut = rest.len().min(PIECE);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (piece, after) = rest.split_at(cut);
        html5ever::tendril::TendrilSink::process(&mut parser, StrTendril::from_slice(piece));
        if parser.tokenizer.sink.sink.too_deep.get() {
            return Err(too_deep());
        }
        rest = after;
    }
    Ok(html5ever::tendril::TendrilSink::finish(parser))
}

/// The text of every `<script>` whose type is `mime` (`application/ld+json`), in page
/// order, read as a browser's tokenizer reads the page but with no tree built.
pub fn scripts(html: &str, mime: &str) -> Result<Vec<String>, AdapterError> {
    check_attributes(html)?;
    let sink = Scripts {
        mime,
        open: Cell::new(false),
        text: RefCell::new(String::new()),
        found: RefCell::new(Vec::new()),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    Ok(tokenizer.sink.found.take())
}

fn too_deep() -> AdapterError {
    AdapterError::Format(format!(
        "the page nests its HTML elements more than {MAX_DEPTH} deep, which no page needs: \
         not read (a hostile or broken page)"
    ))
}

/// Refuses a page with an element of more than `MAX_ATTRIBUTES` attributes, in one pass
/// over its bytes: tags are found as the tokenizer finds them, outside comments, scripts
/// and styles, and their attribute names counted.
fn check_attributes(html: &str) -> Result<(), AdapterError> {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &b[i..]) {
        i += p + 1;
        let rest = &b[i..];
        if rest.starts_with(b"!--") {
            i += memchr::memmem::find(rest, b"-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        // End tags are read with attributes too.
        let slash = usize::from(rest.first() == Some(&b'/'));
        if !rest.get(slash).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_len = slash
            + rest[slash..]
                .iter()
                .position(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'))
                .unwrap_or(rest.len() - slash);
        let (attributes, len) = tag_attributes(&rest[name_len..]);
        if attributes > MAX_ATTRIBUTES {
            return Err(AdapterError::Format(format!(
                "an HTML element on the page has more than {MAX_ATTRIBUTES} attributes, which \
                 no page needs: not read (a hostile or broken page)"
            )));
        }
        i += name_len + len;
        let name = &rest[..name_len];
        if ["script", "style"]
            .iter()
            .any(|r| name.eq_ignore_ascii_case(r.as_bytes()))
        {
            i += raw_text_len(&b[i..], name);
        }
    }
    Ok(())
}

/// How many attributes a tag has, and how many bytes up to and including its `>`, reading
/// from just after its name.
fn tag_attributes(tag: &[u8]) -> (usize, usize) {
    let mut count = 0;
    let mut i = 0;
    while i < tag.len() {
        match tag[i] {
            b'>' => return (count, i + 1),
            c if c.is_ascii_whitespace() || c == b'/' => i += 1,
            b'=' => {
                // A value: quoted (it may hold `>` and spaces) or up to a space or `>`.
                i += 1;
                while tag.get(i).is_some_and(u8::is_ascii_whitespace) {
                    i += 1;
                }
                match tag.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        i += 1 + memchr::memchr(q, &tag[i + 1..]).map_or(tag.len(), |e| e + 1);
                    }
                    _ => {
                        i += tag[i..]
                            .iter()
                            .position(|c| c.is_ascii_whitespace() || *c == b'>')
                            .unwrap_or(tag.len() - i);
                    }
                }
            }
            _ => {
                count += 1;
                i += tag[i..]
                    .iter()
                    .position(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/' | b'='))
                    .unwrap_or(tag.len() - i);
            }
        }
    }
    (count, tag.len())
}

/// The bytes of a script's or style's text, up to its end tag.
fn raw_text_len(b: &[u8], name: &[u8]) -> usize {
    let mut i = 0;
    while let Some(p) = memchr::memmem::find(&b[i..], b"</") {
        let at = i + p + 2;
        if b.get(at..at + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return i + p;
        }
        i = at;
    }
    b.len()
}

/// scraper's tree sink, with the depth of every element checked as it is added.
struct Bounded {
    inner: HtmlTreeSink,
    too_deep: Cell<bool>,
}

impl Bounded {
    /// Notes when a node added under `parent` would be deeper than `MAX_DEPTH`. Counting
    /// its ancestors costs at most `MAX_DEPTH` steps: past that the parse stops.
    fn check(&self, parent: &NodeId) {
        if self.too_deep.get() {
            return;
        }
        let html = self.inner.0.borrow();
        let depth = html
            .tree
            .get(*parent)
            .map_or(0, |n| n.ancestors().count() + 1);
        if depth >= MAX_DEPTH {
            self.too_deep.set(true);
        }
    }
}

impl TreeSink for Bounded {
    type Handle = NodeId;
    type Output = Html;
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Html {
        self.inner.finish()
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg)
    }

    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        self.inner.create_element(name, attrs, flags)
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        if matches!(child, NodeOrText::AppendNode(_)) {
            self.check(parent);
        }
        self.inner.append(parent, child)
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let has_parent = {
            let html = self.inner.0.borrow();
            html.tree.get(*element).and_then(|n| n.parent()).is_some()
        };
        if has_parent {
            self.append_before_sibling(element, child)
        } else {
            self.append(prev_element, child)
        }
    }

    fn append_doctype_to_document(&self, name: StrTendril, public: StrTendril, system: StrTendril) {
        self.inner.append_doctype_to_document(name, public, system)
    }

    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node)
    }

    fn pop(&self, node: &NodeId) {
        self.inner.pop(node)
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        if matches!(new_node, NodeOrText::AppendNode(_)) {
            self.check(sibling);
        }
        self.inner.append_before_sibling(sibling, new_node)
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }

    fn associate_with_form(
        &self,
        target: &NodeId,
        form: &NodeId,
        nodes: (&NodeId, Option<&NodeId>),
    ) {
        self.inner.associate_with_form(target, form, nodes)
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.inner
            .is_mathml_annotation_xml_integration_point(handle)
    }

    fn set_current_line(&self, line_number: u64) {
        self.inner.set_current_line(line_number)
    }

    fn allow_declarative_shadow_roots(&self, intended_parent: &NodeId) -> bool {
        self.inner.allow_declarative_shadow_roots(intended_parent)
    }

    fn attach_declarative_shadow(
        &self,
        location: &NodeId,
        template: &NodeId,
        attrs: &[Attribute],
    ) -> bool {
        self.inner
            .attach_declarative_shadow(location, template, attrs)
    }

    fn maybe_clone_an_option_into_selectedcontent(&self, option: &NodeId) {
        self.inner
            .maybe_clone_an_option_into_selectedcontent(option)
    }
}

/// Collects the text of the scripts of one type, switching the tokenizer into the states
/// the tree builder would (a script's text is not markup; neither is a style's or a
/// textarea's, so a `<script>` written inside those is no script).
struct Scripts<'m> {
    mime: &'m str,
    /// Inside a script of the type sought.
    open: Cell<bool>,
    text: RefCell<String>,
    found: RefCell<Vec<String>>,
}

impl TokenSink for Scripts<'_> {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                let raw = match &*tag.name {
                    "script" => {
                        let wanted = tag.attrs.iter().any(|a| {
                            &*a.name.local == "type"
                                && a.value
                                    .split(';')
                                    .next()
                                    .is_some_and(|m| m.trim().eq_ignore_ascii_case(self.mime))
                        });
                        self.open.set(wanted);
                        self.text.borrow_mut().clear();
                        RawKind::ScriptData
                    }
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                        RawKind::Rawtext
                    }
                    "textarea" | "title" => RawKind::Rcdata,
                    "plaintext" => return TokenSinkResult::Plaintext,
                    _ => return TokenSinkResult::Continue,
                };
                if tag.self_closing && &*tag.name == "script" {
                    self.open.set(false);
                }
                TokenSinkResult::RawData(raw)
            }
            Token::CharacterTokens(t) if self.open.get() => {
                self.text.borrow_mut().push_str(&t);
                TokenSinkResult::Continue
            }
            Token::TagToken(tag) if tag.kind == TagKind::EndTag && &*tag.name == "script" => {
                if self.open.replace(false) {
                    self.found.borrow_mut().push(self.text.take());
                }
                TokenSinkResult::Continue
            }
            Token::EOFToken if self.open.replace(false) => {
                self.found.borrow_mut().push(self.text.take());
                TokenSinkResult::Continue
            }
            _ => TokenSinkResult::Continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_counted_as_the_tokenizer_reads_them() {
        assert_eq!(tag_attributes(b" a=1 b='x > y' c d=\"q\">rest"), (4, 23));
        assert_eq!(tag_attributes(b"/>"), (0, 2));
        assert_eq!(
            tag_attributes(b" a=b"),
            (1, 4),
            "no end: the rest of the page"
        );
        let many: String = (0..=MAX_ATTRIBUTES)
            .map(|i| format!(" a{i}=\"{i}\""))
            .collect();
        assert!(check_attributes(&format!("<div{many}>")).is_err());
        assert!(
            check_attributes(&format!("</div{many}>")).is_err(),
            "an end tag"
        );
        assert!(check_attributes(&format!("<div{}>", &many[..many.len() / 2])).is_ok());
        // Not tags: in a comment, a script, a style, or text.
        for not_tags in [
            format!("<!-- <div{many}> -->"),
            format!("<script>if (a <b{many}) x()</script>"),
            format!("<STYLE><p{many}></style >"),
            format!("1 < 2{many}"),
        ] {
            assert!(check_attributes(&not_tags).is_ok(), "{}", &not_tags[..20]);
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let nested = |n: usize| "<div>".repeat(n) + "x" + &"</div>".repeat(n);
        assert!(document(&nested(MAX_DEPTH - 10)).is_ok());
        let e = document(&nested(20_000)).unwrap_err().to_string();
        assert!(e.contains("more than 512 deep"), "{e}");
        // Many elements side by side are no depth.
        assert!(document(&"<p>a</p>".repeat(10_000)).is_ok());
    }

    #[test]
    fn scripts_of_a_type_without_a_tree() {
        let page = r#"<html><head><title><script type="application/ld+json">no</script></title>
            <script type="application/ld+json; charset=utf-8">{"a": "</div><p>"}</script>
            <script>{"b": 1}</script><textarea><script type="application/ld+json">no</script></textarea>
            <SCRIPT TYPE="Application/LD+JSON">[2]</SCRIPT>"#;
        let found = scripts(page, "application/ld+json").unwrap();
        assert_eq!(found, [r#"{"a": "</div><p>"}"#, "[2]"]);
        let deep = "<div>".repeat(200_000) + r#"<script type="application/ld+json">[3]</script>"#;
        assert_eq!(scripts(&deep, "application/ld+json").unwrap(), ["[3]"]);
    }
}
