"""One notation for both lessons: what every scene writes, and the test that holds it
(tests/scenes/test_narration_captions.py::test_one_notation).

- **Product sign:** "·" everywhere: in formulas (a·b, w·x + β), between two vectors and between
  two matrices (`style.product_dot`, the one scaled dot). Never "•", "×" between vectors, or a
  programming operator ("*", "!==", "==").
- **Vectors and matrices:** one font: bold upright for vectors in formulas (\\mathbf{a}), the
  lesson's italic capitals for matrices (A, B, W), the same in every scene.
- **Subscripts:** indices as large as the letter they follow (`matrices.sub`), separated by a
  comma: C₁,₁, A_{i,k}, w_i. Not (AB)₁₁.
- **Numbers:** as the lesson writes them: 0.5, not 0.50, where the digits carry no meaning
  (`fmt_number`); two decimals where the lesson prints two (a·b = 3.60, a live readout that
  moves); angles to a tenth of a degree; a product of rounded figures that does not equal the
  rounded result is written with "≈".
- **Letters:** one letter per meaning: a and b are vectors, A and B matrices, w weights, x inputs,
  β the bias, z a neuron's weighted sum, h its output after the activation (never a; ŷ is a
  linear model's prediction), q the query, k a key, d_k its dimension; in a matrix product
  C_{r,c} = Σ_i A_{r,i} B_{i,c}: r a row, c a column, i the index summed over, as in Σ_i a_i b_i.
- **Inequalities:** "≠" for "not equal", written as maths (3 ≠ 2), never "!==".
"""

# What no scene may show (the test reads every string a scene put on screen).
FORBIDDEN = {
    r"\bullet": "the product sign is the scaled dot (style.product_dot), not a bullet",
    "•": "the product sign is ·, not a bullet",
    "!==": "not equal is ≠, written as maths",
    "==": "equality is =",
    r"a = \sigma": "the activation's output is h, not a (a is a vector)",
    r"a=\sigma": "the activation's output is h, not a (a is a vector)",
}
