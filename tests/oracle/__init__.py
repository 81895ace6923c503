"""An independent oracle: random two-year ledgers driven through the commands and checked
against DESIGN §4 written again from its text, importing nothing from the product."""
