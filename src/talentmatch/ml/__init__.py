"""The understanding and matching core: a pure library (no web framework, no ORM).

Modules: ``text`` (PDF/DOCX/TXT to text), ``skills`` (taxonomy and extraction), ``occupations``
(job titles to O*NET-SOC codes, related occupations), ``resume`` (resume fields), ``jobs``
(job posts), ``seniority`` (the one level vocabulary), ``reference`` (the tables shipped with the
package).
"""
