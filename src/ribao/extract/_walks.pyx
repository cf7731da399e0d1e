# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The extraction rules' walks over a parsed page, in C.

``page.py`` holds the rules; this module only walks the lxml tree for them. Each walk used to be a
Python loop over ``root.iter()``: on a 3 KiB page that was most of the extraction time, because
every element visited from Python costs a proxy object and a call per attribute or text read
(``bench/extract_speed.py``). Here the walks read libxml2's nodes directly (through lxml's public
C API) and create Python objects only for what they return.

Each function reproduces lxml's view of the tree exactly:

- ``el.text`` / ``el.tail``: the run of text nodes at the start of the children / after the node;
- "element-like" children (what ``for child in el`` and ``len(el)`` see): elements, comments,
  processing instructions and entity references;
- ``el.get(name)``: an attribute without a namespace, by its (lower-case, in HTML) name;
- ``el.itertext()``: element text, then each child's pieces and tail, in document order.

Names that must match (tags, classes, ids, label words) come from ``page.py`` through
``configure``, so the rules stay in one place. The walks over an element's subtree recurse:
libxml2 nests HTML at most 256 deep (lxml's ``huge_tree`` is off), so the C stack is safe.
"""
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from cpython.pyport cimport PY_SSIZE_T_MAX
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memchr, memcpy, strcmp, strlen, strstr
from lxml.includes cimport tree
from lxml.includes.etreepublic cimport _Document, _Element, elementFactory, import_lxml__etree

import_lxml__etree()


# -- bytes ----------------------------------------------------------------------------------------

def html_starts(bytes raw not None):
    """How many "<html" or "<HTML" the bytes hold (the tag of a document's root: two mean two
    documents in one response). ASCII "<" never occurs inside a UTF-8 or GB18030 character."""
    cdef Py_ssize_t i = 0, n = PyBytes_GET_SIZE(raw), count = 0
    cdef const unsigned char* p
    cdef const unsigned char* base = <const unsigned char*>PyBytes_AS_STRING(raw)
    while i + 5 <= n:
        p = <const unsigned char*>memchr(base + i, 60, n - i - 4)
        if p is NULL:
            break
        i = p - base
        if (p[1] == 104 and p[2] == 116 and p[3] == 109 and p[4] == 108) or (
                p[1] == 72 and p[2] == 84 and p[3] == 77 and p[4] == 76):
            count += 1
        i += 1
    return count


# -- names from page.py -----------------------------------------------------------------------------

cdef class _Names:
    """A small set of byte strings (tag, class or id names) tested with strcmp: faster than a
    Python set lookup, which would need a bytes object per test."""

    cdef list _keep
    cdef const char** _names
    cdef int _n

    def __cinit__(self, names):
        self._keep = [n.encode("utf-8") for n in names]
        self._n = len(self._keep)
        self._names = <const char**>malloc(max(1, self._n) * sizeof(char*))
        if self._names is NULL:
            raise MemoryError()
        for i in range(self._n):
            self._names[i] = PyBytes_AS_STRING(self._keep[i])

    def __dealloc__(self):
        free(self._names)

    cdef int index(self, const char* s) noexcept:
        """The position of ``s`` in the set, or -1."""
        cdef int i
        if s is NULL:
            return -1
        for i in range(self._n):
            if strcmp(s, self._names[i]) == 0:
                return i
        return -1

    cdef bint has(self, const char* s) noexcept:
        return self.index(s) >= 0

    cdef bint within(self, const char* s) noexcept:
        """Whether any of the names occurs inside ``s`` (Python's ``name in s``)."""
        cdef int i
        if s is NULL:
            return False
        for i in range(self._n):
            if strstr(s, self._names[i]) is not NULL:
                return True
        return False


cdef _Names BODY_IDS, BODY_CLASSES, CANDIDATE_TAGS, CONTAINER_TAGS
cdef _Names INVISIBLE, INLINE, DROP_TAGS, DROP_CLASSES, BLOCKS
cdef _Names INFO_TAGS, SPAN_HOSTS, BOILERPLATE_WORDS, LINK_EXTENSIONS, LABELS, TAIL_LABELS, MARK_START
cdef _Names MARK_END, SOURCE_WORDS, AUTHOR_WORDS, DOC_NO_WORDS, DATE_CLASSES, CRUMB_CLASSES
cdef int N_IDS = 0
cdef str BOILERPLATE_OPENERS = ""
cdef str BOILERPLATE_BRACKETS = ""
_configured = False

# What scan() reports about the visible text outside the body (bits of its ``mask``).
MENTIONS_LABEL = 1    # 来源/时间/日期/字号: a metadata line may be there
MENTIONS_SOURCE = 2   # 来源
MENTIONS_AUTHOR = 4   # 作者/记者
MENTIONS_DOC_NO = 8   # 发文字号


def configure(*, body_ids, body_classes, candidate_tags, container_tags, invisible, inline, drop_tags,
              drop_classes, blocks, info_tags, span_hosts, boilerplate_openers, boilerplate_brackets,
              boilerplate_words, link_extensions, labels, tail_labels, mark_start, mark_end, source_words,
              author_words, doc_no_words, date_classes, crumb_classes):
    """Set the names the walks match (called once by page.py)."""
    global BODY_IDS, BODY_CLASSES, CANDIDATE_TAGS, CONTAINER_TAGS, INVISIBLE, INLINE, DROP_TAGS
    global DROP_CLASSES, BLOCKS, INFO_TAGS, SPAN_HOSTS, BOILERPLATE_OPENERS, BOILERPLATE_BRACKETS
    global BOILERPLATE_WORDS, LINK_EXTENSIONS, LABELS, TAIL_LABELS, MARK_START, MARK_END, SOURCE_WORDS
    global AUTHOR_WORDS, DOC_NO_WORDS, DATE_CLASSES, CRUMB_CLASSES, N_IDS, _configured
    BODY_IDS = _Names(body_ids)
    BODY_CLASSES = _Names(body_classes)
    N_IDS = len(body_ids)
    CANDIDATE_TAGS = _Names(candidate_tags)
    CONTAINER_TAGS = _Names(container_tags)
    INVISIBLE = _Names(invisible)
    INLINE = _Names(inline)
    DROP_TAGS = _Names(drop_tags)
    DROP_CLASSES = _Names(drop_classes)
    BLOCKS = _Names(blocks)
    LABELS = _Names(labels)
    INFO_TAGS = _Names(info_tags)
    SPAN_HOSTS = _Names(span_hosts)
    BOILERPLATE_OPENERS = boilerplate_openers
    BOILERPLATE_BRACKETS = boilerplate_brackets
    BOILERPLATE_WORDS = _Names(boilerplate_words)
    LINK_EXTENSIONS = _Names(link_extensions)
    TAIL_LABELS = _Names(tail_labels)
    MARK_START = _Names(mark_start)
    MARK_END = _Names(mark_end)
    SOURCE_WORDS = _Names(source_words)
    AUTHOR_WORDS = _Names(author_words)
    DOC_NO_WORDS = _Names(doc_no_words)
    DATE_CLASSES = _Names(date_classes)
    CRUMB_CLASSES = _Names(crumb_classes)
    _configured = True


# -- lxml's view of libxml2 nodes ------------------------------------------------------------------

cdef inline bint _is_element_like(tree.xmlNode* n) noexcept nogil:
    return (n.type == tree.XML_ELEMENT_NODE or n.type == tree.XML_COMMENT_NODE
            or n.type == tree.XML_ENTITY_REF_NODE or n.type == tree.XML_PI_NODE)


cdef inline bint _is_text(tree.xmlNode* n) noexcept nogil:
    return n.type == tree.XML_TEXT_NODE or n.type == tree.XML_CDATA_SECTION_NODE


cdef inline tree.xmlNode* _next_element_like(tree.xmlNode* n) noexcept nogil:
    while n is not NULL and not _is_element_like(n):
        n = n.next
    return n


cdef inline tree.xmlNode* _following(tree.xmlNode* n, tree.xmlNode* top, bint descend) noexcept nogil:
    """The element-like node after ``n`` in document order within ``top``'s subtree (``root.iter()``
    order): its first element-like child (an element's, when ``descend``), else the next
    element-like sibling of ``n`` or of its nearest ancestor that has one; NULL at the end."""
    cdef tree.xmlNode* nxt
    if descend and n.type == tree.XML_ELEMENT_NODE:
        nxt = _next_element_like(n.children)
        if nxt is not NULL:
            return nxt
    while n is not top:
        nxt = _next_element_like(n.next)
        if nxt is not NULL:
            return nxt
        n = n.parent
    return NULL


cdef inline bint _has_element_like_child(tree.xmlNode* n) noexcept nogil:
    return _next_element_like(n.children) is not NULL


cdef const char* _attr(tree.xmlNode* n, const char* name) noexcept:
    """``el.get(name)`` as UTF-8 (the first text child of the attribute), NULL when absent and ""
    for an attribute without a value."""
    cdef tree.xmlAttr* a = n.properties
    while a is not NULL:
        if a.ns is NULL and strcmp(<const char*>a.name, name) == 0:
            if a.children is not NULL and a.children.content is not NULL:
                return <const char*>a.children.content
            return ""
        a = a.next
    return NULL


cdef class _Buffer:
    """Growing UTF-8 bytes: text pieces joined in C, decoded once."""

    cdef char* data
    cdef Py_ssize_t size
    cdef Py_ssize_t cap

    def __cinit__(self):
        self.cap = 1024
        self.size = 0
        self.data = <char*>malloc(self.cap)
        if self.data is NULL:
            raise MemoryError()

    def __dealloc__(self):
        free(self.data)

    cdef int add(self, const char* s, Py_ssize_t n) except -1:
        cdef char* grown
        if self.size + n + 1 > self.cap:
            while self.size + n + 1 > self.cap:
                self.cap *= 2
            grown = <char*>realloc(self.data, self.cap)
            if grown is NULL:
                raise MemoryError()
            self.data = grown
        memcpy(self.data + self.size, s, n)
        self.size += n
        self.data[self.size] = 0
        return 0

    cdef int add_run(self, tree.xmlNode* n) except -1:
        """Append a text run (``.text`` of the node owning it, or ``.tail``)."""
        while n is not NULL and _is_text(n):
            if n.content is not NULL:
                self.add(<const char*>n.content, strlen(<const char*>n.content))
            n = n.next
        return 0

    cdef str take(self):
        cdef str s = PyUnicode_DecodeUTF8(self.data, self.size, NULL)
        self.size = 0
        self.data[0] = 0
        return s


cdef const char* _run(tree.xmlNode* n, _Buffer scratch) except? NULL:
    """A text run as one NUL-terminated UTF-8 string, NULL when there is no text node. A single
    text node (the usual case) is returned in place; several are joined in ``scratch``."""
    if n is NULL or not _is_text(n):
        return NULL
    if n.next is NULL or not _is_text(n.next):
        if n.content is NULL:
            return ""
        return <const char*>n.content
    scratch.size = 0
    scratch.data[0] = 0
    scratch.add_run(n)
    return scratch.data


cdef inline bint _nonempty(const char* s) noexcept nogil:
    return s is not NULL and s[0] != 0


# -- survey: head tags, body candidates, Hanweb markers --------------------------------------------

cdef inline bint _ascii_space(char c) noexcept nogil:
    return c == 32 or 9 <= c <= 13 or 28 <= c <= 31


cdef int _best_token(const char* cls, _Names names, bint lower) except -2:
    """The smallest position in ``names`` of a class attribute's tokens (lower-cased when
    ``lower``), -1 for none. Python's split() and lower() rules; a value with non-ASCII bytes (wider
    whitespace, Unicode case) is handed to them."""
    cdef Py_ssize_t i = 0, start, k
    cdef int best = -1, r
    cdef char tok[128]
    while cls[i] != 0:
        if <unsigned char>cls[i] >= 0x80:
            return _best_token_py(cls, names, lower)
        i += 1
    i = 0
    while cls[i] != 0:
        while _ascii_space(cls[i]):
            i += 1
        start = i
        while cls[i] != 0 and not _ascii_space(cls[i]):
            if i - start < 127:
                tok[i - start] = cls[i] + 32 if lower and 65 <= cls[i] <= 90 else cls[i]
            i += 1
        k = i - start
        if 0 < k < 128:  # a longer token is no name
            tok[k] = 0
            r = names.index(tok)
            if r >= 0 and (best < 0 or r < best):
                best = r
    return best


cdef int _best_token_py(const char* cls, _Names names, bint lower) except -2:
    cdef int best = -1, r
    text = PyUnicode_DecodeUTF8(cls, strlen(cls), "replace")
    for token in (text.lower() if lower else text).split():
        r = names.index(token.encode("utf-8"))
        if r >= 0 and (best < 0 or r < best):
            best = r
    return best


def survey(_Element root not None):
    """One walk of the whole page for what every page needs, in document order:

    - ``metas``: (key, content) of <meta> tags whose name/property/itemprop and content are
      non-empty, the key stripped and lower-cased, the content's whitespace runs as one space;
    - ``titles``: the <title> elements;
    - ``scripts``: <script> elements with a type attribute (page.py picks JSON-LD);
    - ``times``: the non-empty datetime attributes of <time> elements;
    - ``canonicals``: the non-empty hrefs of <link rel=canonical>;
    - ``candidates``: (rank, element) for every element that may hold the body — an id of
      ``body_ids`` on a candidate tag (rank = its position) or a class token of ``body_classes``
      on a container tag (rank = len(body_ids) + its position);
    - ``marks``: the Hanweb <!--ContentStart--> and <!--ContentEnd--> comments (or None);
    - ``file_links``: whether some <a href> has "." and a file extension of ``link_extensions``
      (any case) in it: only then are the links read for attachments.
    """
    if not _configured:
        raise RuntimeError("ribao.extract._walks.configure() has not been called")
    cdef _Document doc = root._doc
    cdef tree.xmlNode* top = root._c_node
    cdef tree.xmlNode* n = top
    cdef const char* name
    cdef const char* key
    cdef const char* val
    cdef const char* ident
    cdef const char* cls
    cdef int rank, idr
    metas = []
    scripts = []
    times = []
    candidates = []
    titles = []
    canonicals = []
    start = end = None
    cdef bint file_links = False
    cdef _Words words = _Words(PY_SSIZE_T_MAX)
    while n is not NULL:
        if n.type == tree.XML_ELEMENT_NODE:
            name = <const char*>n.name
            if name[0] == 97 and name[1] == 0:  # <a>
                if not file_links:
                    val = _attr(n, "href")
                    file_links = val is not NULL and _names_file(val)
            elif strcmp(name, "meta") == 0:
                key = _attr(n, "name")
                if not _nonempty(key):
                    key = _attr(n, "property")
                if not _nonempty(key):
                    key = _attr(n, "itemprop")
                val = _attr(n, "content")
                if _nonempty(key) and _nonempty(val):
                    words.reset()
                    words.piece(val)
                    metas.append((_meta_key(key), words.out.take()))
            elif strcmp(name, "title") == 0:
                titles.append(elementFactory(doc, n))
            elif strcmp(name, "script") == 0:
                val = _attr(n, "type")
                if val is not NULL:
                    scripts.append(elementFactory(doc, n))
            elif strcmp(name, "time") == 0:
                val = _attr(n, "datetime")
                if _nonempty(val):
                    times.append(PyUnicode_DecodeUTF8(val, strlen(val), NULL))
            elif strcmp(name, "link") == 0:
                val = _attr(n, "rel")
                if val is not NULL and _ascii_lower_equals(val, "canonical"):
                    val = _attr(n, "href")
                    if _nonempty(val):
                        canonicals.append(PyUnicode_DecodeUTF8(val, strlen(val), NULL))
            if CANDIDATE_TAGS.has(name):
                ident = _attr(n, "id")
                if ident is not NULL:
                    idr = BODY_IDS.index(ident)
                    if idr >= 0:
                        candidates.append((idr, elementFactory(doc, n)))
                if CONTAINER_TAGS.has(name):
                    cls = _attr(n, "class")
                    if _nonempty(cls):
                        rank = _best_token(cls, BODY_CLASSES, False)
                        if rank >= 0:
                            candidates.append((N_IDS + rank, elementFactory(doc, n)))
        elif n.type == tree.XML_COMMENT_NODE and n.content is not NULL:
            val = <const char*>n.content
            if start is None:
                if MARK_START.within(val):
                    start = elementFactory(doc, n)
            elif end is None and MARK_END.within(val):
                end = elementFactory(doc, n)
        # document order: first element-like child, else the next element-like sibling up the tree
        n = _following(n, top, True)
    return metas, titles, scripts, times, canonicals, candidates, (start, end), file_links


def headings(_Element root not None):
    """Where a page without title meta tags keeps its headline: the <h1> elements, then the <h2>
    elements; and the elements whose class or id contains "title". Document order."""
    cdef _Document doc = root._doc
    cdef tree.xmlNode* top = root._c_node
    cdef tree.xmlNode* n = top
    cdef const char* name
    cdef const char* cls
    cdef const char* ident
    h1s = []
    h2s = []
    title_like = []
    while n is not NULL:
        if n.type == tree.XML_ELEMENT_NODE:
            name = <const char*>n.name
            cls = _attr(n, "class")
            ident = _attr(n, "id")
            if (cls is not NULL and strstr(cls, "title") is not NULL) or (
                    ident is not NULL and strstr(ident, "title") is not NULL):
                title_like.append(elementFactory(doc, n))
            if name[0] == 104 and name[1] != 0 and name[2] == 0 and (name[1] == 49 or name[1] == 50):
                (h1s if name[1] == 49 else h2s).append(elementFactory(doc, n))
        n = _following(n, top, True)
    return h1s + h2s, title_like


cdef bint _names_file(const char* href) noexcept:
    """A "." followed by one of LINK_EXTENSIONS, in any case."""
    cdef Py_ssize_t i = 0, j, e
    cdef const char* ext
    cdef char c
    while href[i] != 0:
        if href[i] == 46:
            for e in range(LINK_EXTENSIONS._n):
                ext = LINK_EXTENSIONS._names[e]
                j = 0
                while ext[j] != 0:
                    c = href[i + 1 + j]
                    if 65 <= c <= 90:
                        c = c + 32
                    if c != ext[j]:
                        break
                    j += 1
                if ext[j] == 0:
                    return True
        i += 1
    return False


cdef str _meta_key(const char* key):
    """``key.strip().lower()``, in C for ASCII keys."""
    cdef Py_ssize_t i = 0, start, end, n = strlen(key)
    cdef char buf[64]
    while i < n:
        if <unsigned char>key[i] >= 0x80:
            return PyUnicode_DecodeUTF8(key, n, NULL).strip().lower()
        i += 1
    start, end = 0, n
    while start < end and (key[start] == 32 or 9 <= key[start] <= 13 or 28 <= key[start] <= 31):
        start += 1
    while end > start and (key[end - 1] == 32 or 9 <= key[end - 1] <= 13 or 28 <= key[end - 1] <= 31):
        end -= 1
    if end - start >= 64:
        return PyUnicode_DecodeUTF8(key + start, end - start, NULL).lower()
    for i in range(start, end):
        buf[i - start] = key[i] + 32 if 65 <= key[i] <= 90 else key[i]
    return PyUnicode_DecodeUTF8(buf, end - start, NULL)


cdef bint _ascii_lower_equals(const char* s, const char* lower) noexcept:
    cdef Py_ssize_t i = 0
    cdef char c
    while s[i] != 0 and lower[i] != 0:
        c = s[i]
        if 65 <= c <= 90:
            c = c + 32
        if c != lower[i]:
            return False
        i += 1
    return s[i] == 0 and lower[i] == 0


# -- scan: what the page shows outside its body ----------------------------------------------------

cdef int _mentions(const char* s) noexcept:
    cdef int mask = 0
    if s is NULL or s[0] == 0:
        return 0
    if LABELS.within(s):
        mask |= MENTIONS_LABEL
        if SOURCE_WORDS.within(s):
            mask |= MENTIONS_SOURCE
        if DOC_NO_WORDS.within(s):
            mask |= MENTIONS_DOC_NO
    if AUTHOR_WORDS.within(s):
        mask |= MENTIONS_AUTHOR
    return mask


def scan(_Element root not None, _Element box, list body_nodes not None):
    """Every node outside the body, in document order (``root.iter()`` less the body): the body is
    ``box`` (a container, whose tail is still outside) or the element subtrees of ``body_nodes``
    (Hanweb markers). Returns (labels, date_boxes, header_times, crumbs, mask):

    - labels: elements whose own visible text has a label word, and the parents of nodes whose
      tail has one (script/style text is not visible; tails always are);
    - date_boxes: non-inline elements with a class containing a date class word or an id
      containing "time"; header_times: those whose class contains "header-time";
    - crumbs: non-inline elements whose class contains a breadcrumb word;
    - mask: MENTIONS_* bits over the same visible text and tails.
    """
    if not _configured:
        raise RuntimeError("ribao.extract._walks.configure() has not been called")
    cdef _Document doc = root._doc
    cdef tree.xmlNode* top = root._c_node
    cdef tree.xmlNode* n = top
    cdef tree.xmlNode* skip_box = box._c_node if box is not None else NULL
    cdef tree.xmlNode* parent
    cdef const char* name
    cdef const char* text
    cdef const char* cls
    cdef const char* ident
    cdef _Buffer scratch = _Buffer()
    cdef int m, mask = 0
    cdef bint skipped
    cdef Py_ssize_t i, n_skip = len(body_nodes)
    cdef tree.xmlNode** skips = NULL
    labels = []
    dates = []
    headers = []
    crumbs = []
    if n_skip:
        skips = <tree.xmlNode**>malloc(n_skip * sizeof(tree.xmlNode*))
        if skips is NULL:
            raise MemoryError()
        for i in range(n_skip):
            skips[i] = (<_Element>body_nodes[i])._c_node if body_nodes[i].tag.__class__ is str else NULL
    try:
        while n is not NULL:
            skipped = n is skip_box
            if not skipped and skips is not NULL and n.type == tree.XML_ELEMENT_NODE:
                for i in range(n_skip):
                    if skips[i] is n:
                        skipped = True
                        break
            if not skipped:
                if n.type == tree.XML_ELEMENT_NODE:
                    name = <const char*>n.name
                    if not INVISIBLE.has(name):
                        text = _run(n.children, scratch)
                        m = _mentions(text)
                        mask |= m
                        if m & MENTIONS_LABEL:
                            labels.append(elementFactory(doc, n))
                        if not INLINE.has(name):
                            cls = _attr(n, "class")
                            ident = _attr(n, "id")
                            if (_nonempty(cls) and DATE_CLASSES.within(cls)) or (
                                    _nonempty(ident) and strstr(ident, "time") is not NULL):
                                el = elementFactory(doc, n)
                                dates.append(el)
                                if _nonempty(cls) and strstr(cls, "header-time") is not NULL:
                                    headers.append(el)
                            if _nonempty(cls) and CRUMB_CLASSES.within(cls):
                                crumbs.append(elementFactory(doc, n))
                text = _run(n.next, scratch)
                m = _mentions(text)
                mask |= m
                if m & MENTIONS_LABEL:
                    parent = n.parent
                    if parent is not NULL and _is_element_like(parent):
                        labels.append(elementFactory(doc, parent))
            n = _following(n, top, not skipped)
        if skip_box is not NULL:
            text = _run(skip_box.next, scratch)
            mask |= _mentions(text)
            parent = skip_box.parent
            if TAIL_LABELS.within(text) and parent is not NULL and _is_element_like(parent):
                labels.append(elementFactory(doc, parent))  # the text right after the body is outside it
    finally:
        free(skips)
    return labels, dates, headers, crumbs, mask


# -- line_text: an element's text as one metadata line ---------------------------------------------

cdef inline Py_ssize_t _utf8_char(const unsigned char* s, Py_ssize_t i, unsigned int* cp) noexcept nogil:
    """Decode the code point at s[i] of a NUL-terminated UTF-8 string; returns its length. libxml2
    keeps text as valid UTF-8; a sequence cut short by the NUL counts as one byte, never read past."""
    cdef unsigned char c = s[i]
    if c < 0xC0 or s[i + 1] == 0:
        cp[0] = c
        return 1
    if c < 0xE0:
        cp[0] = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F)
        return 2
    if s[i + 2] == 0:
        cp[0] = c
        return 1
    if c < 0xF0:
        cp[0] = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F)
        return 3
    if s[i + 3] == 0:
        cp[0] = c
        return 1
    cp[0] = ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F)
    return 4


cdef inline bint _py_space(unsigned int cp) noexcept nogil:
    """str.isspace(), the separators of str.split()."""
    return (cp == 32 or 9 <= cp <= 13 or 28 <= cp <= 31 or cp == 0x85 or cp == 0xA0 or cp == 0x1680
            or 0x2000 <= cp <= 0x200A or cp == 0x2028 or cp == 0x2029 or cp == 0x202F or cp == 0x205F
            or cp == 0x3000)


cdef class _Words:
    """Words of text pieces joined by single spaces (" ".join(" ".join(pieces).split())), stopping
    once the result passes ``limit`` characters."""

    cdef _Buffer out
    cdef Py_ssize_t chars
    cdef Py_ssize_t limit
    cdef bint pending_space
    cdef bint over

    def __cinit__(self, Py_ssize_t limit):
        self.out = _Buffer()
        self.limit = limit
        self.reset()

    cdef void reset(self) noexcept:
        self.out.size = 0
        self.out.data[0] = 0
        self.chars = 0
        self.pending_space = False
        self.over = False

    cdef int piece(self, const char* s) except -1:
        cdef const unsigned char* u = <const unsigned char*>s
        cdef Py_ssize_t i = 0, k
        cdef unsigned int cp
        if s is NULL:
            return 0
        self.pending_space = self.out.size > 0  # a piece boundary separates words
        while u[i] != 0 and not self.over:
            k = _utf8_char(u, i, &cp)
            if _py_space(cp):
                self.pending_space = self.out.size > 0
            else:
                if self.pending_space:
                    self.out.add(" ", 1)
                    self.chars += 1
                    self.pending_space = False
                self.out.add(s + i, k)
                self.chars += 1
                if self.chars > self.limit:
                    self.over = True
            i += k
        return 0


cdef int _line_pieces(tree.xmlNode* el, _Words words, _Buffer scratch) except -1:
    """itertext(): the element's text, then per element-like child its pieces (elements) and its
    tail (every kind); the first element's own tail is not part of it."""
    cdef tree.xmlNode* child
    words.piece(_run(el.children, scratch))
    child = _next_element_like(el.children)
    while child is not NULL and not words.over:
        if child.type == tree.XML_ELEMENT_NODE:
            _line_pieces(child, words, scratch)
        words.piece(_run(child.next, scratch))
        child = _next_element_like(child.next)
    return 0


cdef object _line_str(tree.xmlNode* n, Py_ssize_t limit):
    cdef _Words words = _Words(limit)
    _line_pieces(n, words, _Buffer())
    if words.over:
        return None
    return words.out.take()


def lines(list labels not None, str title not None, Py_ssize_t limit, pubtime):
    """The metadata lines around label elements: for each (in order, once), the widest enclosing
    block — an INFO_TAGS element, but not a <span> inside a SPAN_HOSTS element — whose line text
    (``line_text``) has 6 to ``limit`` characters, holds 来源 or a publish-time label
    (``pubtime.search``) and is not the title; the walk up stops at the first longer block.
    Returned in the order the labels first chose them."""
    cdef tree.xmlNode* n
    cdef tree.xmlNode* parent
    cdef size_t key
    cdef const char* name
    read = {}
    seen = set()
    chosen = {}
    for label in labels:
        n = (<_Element>label)._c_node
        key = <size_t>n
        if key in seen:
            continue
        seen.add(key)
        best = None
        while n is not NULL:
            parent = n.parent
            if parent is not NULL and not _is_element_like(parent):
                parent = NULL
            if n.type == tree.XML_ELEMENT_NODE:
                name = <const char*>n.name
                if INFO_TAGS.has(name) and not (strcmp(name, "span") == 0 and parent is not NULL
                                                and parent.type == tree.XML_ELEMENT_NODE
                                                and SPAN_HOSTS.has(<const char*>parent.name)):
                    key = <size_t>n
                    if key in read:
                        t = read[key]
                    else:
                        t = read[key] = _line_str(n, limit)
                    if t is None:
                        break
                    if len(t) >= 6 and ("来源" in t or pubtime.search(t) is not None) and t != title:
                        best = (key, t)
            n = parent
        if best is not None:
            chosen[best[0]] = best[1]
    return list(chosen.values())


def line_text(_Element el not None, Py_ssize_t limit):
    """``" ".join(" ".join(el.itertext()).split())`` when it is at most ``limit`` characters,
    else None (reading stops there: the element around the body holds the whole page)."""
    cdef _Words words = _Words(limit)
    _line_pieces(el._c_node, words, _Buffer())
    if words.over:
        return None
    return words.out.take()


cdef Py_ssize_t _count_visible(tree.xmlNode* el, Py_ssize_t seen, Py_ssize_t n, _Buffer scratch) except -1:
    """Non-whitespace characters of el's itertext() pieces, counting stops at ``n``."""
    cdef tree.xmlNode* child
    seen = _count_piece(_run(el.children, scratch), seen, n)
    child = _next_element_like(el.children)
    while child is not NULL and seen < n:
        if child.type == tree.XML_ELEMENT_NODE:
            seen = _count_visible(child, seen, n, scratch)
        seen = _count_piece(_run(child.next, scratch), seen, n)
        child = _next_element_like(child.next)
    return seen


cdef Py_ssize_t _count_piece(const char* s, Py_ssize_t seen, Py_ssize_t n) noexcept:
    cdef const unsigned char* u = <const unsigned char*>s
    cdef Py_ssize_t i = 0
    cdef unsigned int cp
    if s is NULL:
        return seen
    while u[i] != 0 and seen < n:
        i += _utf8_char(u, i, &cp)
        if not _py_space(cp):
            seen += 1
    return seen


def visible_at_least(_Element el not None, Py_ssize_t n):
    """Whether the element's text (``itertext``) has at least ``n`` non-whitespace characters."""
    return _count_visible(el._c_node, 0, n, _Buffer()) >= n


# -- paragraphs: the body's block-level text -------------------------------------------------------

cdef inline bint _ideographic_space(const char* p) noexcept nogil:
    return <unsigned char>p[0] == 0xE3 and <unsigned char>p[1] == 0x80 and <unsigned char>p[2] == 0x80


cdef bint _maybe_boilerplate(const char* s, Py_ssize_t n) noexcept:
    """Whether page.py's is_boilerplate could say yes: the line opens (after one bracket and
    spaces) with a character that starts a furniture label, or holds 【, 分享到 or 字号."""
    cdef Py_ssize_t i = 0, k
    cdef unsigned int cp
    cdef const unsigned char* u = <const unsigned char*>s
    k = _utf8_char(u, 0, &cp)
    if _has_code_point(BOILERPLATE_BRACKETS, cp):
        i = k
    while i < n:
        k = _utf8_char(u, i, &cp)
        if not _py_space(cp):
            break
        i += k
    if i < n:
        _utf8_char(u, i, &cp)
        if _has_code_point(BOILERPLATE_OPENERS, cp):
            return True
    return BOILERPLATE_WORDS.within(s)


cdef inline bint _has_code_point(str chars, unsigned int cp) noexcept:
    cdef Py_UCS4 c
    for c in chars:
        if <unsigned int>c == cp:
            return True
    return False


cdef class _Paragraphs:
    cdef _Buffer buf
    cdef _Document doc
    cdef list out
    cdef object is_boilerplate
    cdef object block_done
    cdef Py_ssize_t count
    cdef bint stamped

    cdef int flush(self) except -1:
        """One paragraph: nbsp as a space, runs of [ \\t\\r\\n] as one space, spaces and 　 trimmed
        from both ends; kept unless empty or boilerplate (``maybe_boilerplate`` first: only such
        lines go to Python's check)."""
        cdef Py_ssize_t i, k = 0, start, end
        cdef unsigned char c
        cdef bint space = False
        cdef char* d = self.buf.data
        cdef str text
        if not self.buf.size:
            return 0
        i = 0
        while i < self.buf.size:  # in place: the output never outgrows the input
            c = <unsigned char>d[i]
            if c == 0xC2 and i + 1 < self.buf.size and <unsigned char>d[i + 1] == 0xA0:
                c = 32
                i += 1
            if c == 32 or c == 9 or c == 10 or c == 13:
                if not space:
                    d[k] = 32
                    k += 1
                    space = True
            else:
                d[k] = <char>c
                k += 1
                space = False
            i += 1
        start, end = 0, k
        while True:
            if start < end and d[start] == 32:
                start += 1
            elif start + 3 <= end and _ideographic_space(d + start):
                start += 3
            else:
                break
        while True:
            if end > start and d[end - 1] == 32:
                end -= 1
            elif end - 3 >= start and _ideographic_space(d + end - 3):
                end -= 3
            else:
                break
        self.buf.size = 0
        if end > start:
            d[end] = 0
            text = PyUnicode_DecodeUTF8(d + start, end - start, NULL)
            if not _maybe_boilerplate(d + start, end - start) or not self.is_boilerplate(text):
                self.out.append(text)
                self.count += 1
        self.buf.data[0] = 0
        return 0

    cdef int child(self, tree.xmlNode* c) except -1:
        cdef const char* name
        cdef const char* cls
        cdef Py_ssize_t n
        if c.type == tree.XML_ELEMENT_NODE:
            name = <const char*>c.name
            if not DROP_TAGS.has(name):
                cls = _attr(c, "class")
                if not _nonempty(cls) or _best_token(cls, DROP_CLASSES, True) < 0:
                    if BLOCKS.has(name):
                        self.flush()
                        n = self.count
                        if _has_element_like_child(c):
                            self.buf.add_run(c.children)
                            self.walk(c)
                            self.flush()
                        else:
                            self.buf.add_run(c.children)  # a leaf block: its text is one paragraph
                            self.flush()
                        if n <= 1 and self.count == n + 1 and not self.stamped:
                            if self.block_done(elementFactory(self.doc, c)):
                                self.count -= 1
                                self.stamped = True
                    elif strcmp(name, "br") == 0:
                        self.flush()
                    else:
                        self.buf.add_run(c.children)
                        if _has_element_like_child(c):
                            self.walk(c)
        self.buf.add_run(c.next)  # a dropped element's tail is still the body's text
        return 0

    cdef int walk(self, tree.xmlNode* parent) except -1:
        cdef tree.xmlNode* c = _next_element_like(parent.children)
        while c is not NULL:
            self.child(c)
            c = _next_element_like(c.next)
        return 0


def paragraphs(list nodes not None, bint container, lead, list out not None, is_boilerplate, block_done):
    """Walk the body in document order, cutting it into paragraphs at block elements and <br>, and
    append them to ``out`` (normalised; a line ``is_boilerplate(text)`` rejects is left out).
    ``block_done(element)`` is called when a block produced exactly one paragraph among the first
    two, and returns whether it took that paragraph away (the document's 文号 line).

    ``nodes`` is [container] when ``container``, else the nodes between the Hanweb markers;
    ``lead`` is text before the first of them. Dropped: DROP_TAGS elements and elements with a
    DROP_CLASSES class (their tails stay)."""
    if not _configured:
        raise RuntimeError("ribao.extract._walks.configure() has not been called")
    cdef _Paragraphs w = _Paragraphs()
    cdef bytes b
    w.buf = _Buffer()
    w.out = out
    w.is_boilerplate = is_boilerplate
    w.block_done = block_done
    w.count = 0
    w.stamped = False
    if not nodes:
        return
    w.doc = (<_Element>nodes[0])._doc
    if lead:
        b = lead.encode("utf-8")
        w.buf.add(PyBytes_AS_STRING(b), PyBytes_GET_SIZE(b))
    if container:
        w.buf.add_run((<_Element>nodes[0])._c_node.children)
        w.walk((<_Element>nodes[0])._c_node)
    else:
        for node in nodes:
            w.child((<_Element>node)._c_node)
    w.flush()
