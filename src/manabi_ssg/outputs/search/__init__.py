"""Full-text search: Pagefind bundles of the built chapters, one module per idea.

After the pages are written, Pagefind (PyPI ``pagefind[extended]``) indexes
the chapters into bundles, ``pagefind/<lang>-<n>/``, listed in
``pagefind/bundles.json``.  Only a chapter's ``<article data-pagefind-body>``
is indexed, so navigation, sidebars and footers never match, and MathML is
left out of what Pagefind reads.  Japanese and Chinese reach Pagefind split
into words.

The browser side is ``assets/search.js`` with Pagefind's JavaScript API (no
Pagefind UI: the result list is ours, its text comes from the message
catalogue); it merges the bundles of the page's language.  Everything is
loaded by relative URL, so the site works under any sub-path.

    output.py       search as an Output of the seam (outputs/seam.py): its pages, its index
    binary.py       finding the Pagefind binary; no binary, no search box
    pages.py        the search page of each language
    bundles.py      which bundle each chapter is in, and each bundle's key
    prepare.py      what Pagefind reads of a page: less markup, words split in the page's language
    word_breaks.py  Japanese and Chinese split into words by ICU, as the browser splits a query
    service.py      one ``pagefind --service`` process, spoken to directly
    indexing.py     bundles indexed by one indexer per core; a page Pagefind fails on is left out alone
    staged.py       ``build``: indexed in the staging folder, unchanged bundles linked from the last site
    background.py   ``serve``: the changed bundles indexed in a background thread, swapped in whole
    notes.py        the search step's problems as diagnostics

Nothing here imports the pipeline: the engine hands the search output the
finished site and the folder its pages were written to.  May import
incremental, markdown and everything below.
"""
