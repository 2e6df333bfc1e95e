"""Number rows, following ../shared/eval/ANNOTATING.md: what a reader could put in a table.

Works on the parsed Doc, not on regexes over text, because what a number counts is a question
of syntax: in "34 police personnel" the number is the `nummod` of "personnel"; in "hundreds of
refugees" the counted noun is the object of "of"; in "a 1,643-kilometer border" the unit is
glued to the number and the thing measured is the noun the unit modifies.

One pass over the tokens. At each token that can start a number:
1. `_scan_number` reads the longest well-formed number ("1.5 million", "forty-three", "2bn",
   "hundreds of", "a dozen") and its value;
2. `_is_not_a_quantity` drops what is numeric only in form (dates, clock times, ordinals,
   numbers inside names, phone numbers) — optional in the gold, so dropping them is free and
   keeping them would cost precision when the annotator left them out;
3. `_attach_unit` reads a currency, percent sign, measure or time unit around it;
4. year, age, qualifier and the counted noun are read last, from the finished span;
5. a count or percentage still without a noun borrows one: the population of a poll ("Among
   likely voters, 46 percent ...") or the noun of the number before it ("10 judges rather than 11").

The package, in the order a number goes through it:
- `numparse`: numbers written in digits or words → float (pure, property-tested);
- `vocab`: currencies, measures, time units, qualifiers and cues (data only);
- `numerals`: where a number starts and ends in the parse and its value; what is numeric only
  in form;
- `units`: the currency, percent sign, measure or time unit around it; year or age;
- `counted`: what it counts or measures, and its qualifier;
- `rows`: the pass over the tokens that ties them together into warehouse rows.
"""
from __future__ import annotations

from etl.extract.numbers.rows import numbers_rows

__all__ = ["numbers_rows"]
