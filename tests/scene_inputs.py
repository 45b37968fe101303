"""Input sets beyond the storyboard's, shared by the layout tests and the figure tests so that a
test session runs each scene once per set (tests/scene_runs.checked_run)."""

# Other inputs per scene: each set is the storyboard's defaults with these overrides.
OTHER_INPUTS: dict[str, dict[str, dict]] = {
    "DotProductDefinition": {
        "long numbers": dict(a=(12.75, -3.5, 100.25), b=(0.04, 7.5, -2.25), a2=(1.5, -2.25, 0.75, 3),
                             b2=(4, 2.5, -6, 1.25)),
        "negative entries": dict(a=(-1, -2, -3), b=(4, -5, 6), a2=(-2, -1, -3), b2=(1, 4, 2)),
        "six entries": dict(a=(1, 2, 3, 4, 5, 6), b=(6, 5, 4, 3, 2, 1), a2=(2, -1, 3, 0, -2, 1),
                            b2=(1, 4, 2, 5, 3, -1)),
        "two entries, zero total": dict(a=(3, 4), b=(-4, 3), a2=(0.5, -0.5), b2=(2, 2)),
    },
    "VectorAlignment": {
        "near the axes": dict(a=(3, 0.05), b=(0.02, 2)),
        "negative entries": dict(a=(-2.5, -1.5), b=(1.25, -3.75)),
        "short vectors": dict(a=(0.3, 0.1), b=(0.1, 0.4)),
        "long vectors": dict(a=(12, 5), b=(-3, 9)),
    },
    "CosineRelation": {
        "near the axes": dict(a=(3, 0), b=(0, 2), u=(1, 0, 0), v=(0, 1, 0), scale=0.5),
        "long numbers": dict(a=(-1.5, 2.5), b=(2, -0.5), u=(1.25, -2.5, 3.75, -5), v=(-2, 4.5, 0.5, 1), scale=3),
        "negative entries": dict(a=(-0.5, -0.2), b=(-0.4, 0.6), u=(-1, -2), v=(-3, -4), scale=1.5),
    },
    "WeightedSumNeuron": {
        "long numbers": dict(w=(0.25, -1.5, 2.75, -0.5), x=(10, -4, 3.5, 8), bias=12.5, activation="relu",
                             w_signs=(-2, 0, 1.5, 0.25)),
        "two inputs": dict(w=(1, 2), x=(-3, 4), bias=0, activation="identity", w_signs=(1, -1)),
        "six inputs": dict(w=(1, 2, 3, 4, 5, 6), x=(6, 5, 4, 3, 2, 1), bias=-100, w_signs=(1, -1, 0, 1, -1, 0)),
    },
    "AttentionScore": {
        "four dimensions": dict(q=(1.5, -2.25, 0.75, 3), keys=((1, 0.5, -2, 1), (-1.25, 2, 0.5, -3), (0.5, 0.5, 0.5, 0.5),
                                                                (2, -1, 0, 1.75)), words=("bank", "river", "money", "tree")),
        "negative query": dict(q=(-0.5, -0.3, 0.2)),
        "two keys, long words": dict(q=(0.6, -0.8), keys=((0.9, 0.1), (-0.2, 0.95)),
                                     words=("understanding", "photosynthesis")),
        "six keys": dict(keys=((0.4, 0.8, 0.1), (0.3, 0.1, 0.4), (-0.3, 0.1, 0.6), (0.1, -0.5, 0.2), (0.9, 0.9, -0.9),
                               (-0.6, -0.6, 0.1)), words=("bank", "river", "money", "tree", "loan", "shore")),
    },
    "SimilarityInEmbeddingSpace": {
        "near the axes": dict(words=("king", "queen", "banana"), vectors=((0.95, 0.05), (0.9, 0.2), (0.05, -0.98))),
        "negative entries": dict(words=("sun", "moon", "tax"), vectors=((-0.9, -0.3), (-0.8, -0.5), (0.2, -0.9)),
                                 scale=0.5),
        "long words and numbers": dict(words=("photosynthesis", "chlorophyll", "skyscraper"),
                                       vectors=((3.5, 1.25), (2.75, 1.5), (-1.25, 4)), scale=3),
    },
    "LayerAsMatmul": {
        "4x4, long numbers": dict(W=((1.25, -2.5, 0.75, 3), (0.5, 1, -1, 2), (-3.25, 0.5, 2, 1), (2, 2, -0.5, -1.75)),
                                  x=(4.5, -5, 6.25, 1), bias=(-30.5, 2, -10, 0.25)),
        "two neurons, negative": dict(W=((-1, -2), (-0.5, 3)), x=(-4, 5), bias=(1, -2)),
        "4 neurons, 2 inputs": dict(W=((1, 2), (3, 4), (-5, 6), (7, -8)), x=(9, 10), bias=(0, 0, 0, 0)),
    },
    "RowByColumnMatmul": {
        "4x4": dict(A=((1, 2, 3, 4), (5, 6, 7, 8), (9, 10, 11, 12), (13, 14, 15, 16)),
                    B=((1, 0, 2, -1), (3, 1, 0, 2), (-2, 4, 1, 0), (0, 1, -3, 5))),
        "negative entries": dict(A=((-1, -2), (3, -4)), B=((5, -6), (-7, 8))),
        "long numbers": dict(A=((1.25, -2.5, 10.75),), B=((3.5,), (-4.25,), (0.5,))),
    },
    "ShapeRule": {
        "4x4 by 4x1": dict(A=((1, 2, 3, 4),) * 4, B=((1,), (2,), (3,), (4,)), bad_B=((1, 2, 3),) * 3),
        "1x3 by 3x4": dict(A=((1, -2, 3),), B=((1, 2, 3, 4), (5, 6, 7, 8), (9, 10, 11, 12)), bad_B=((1, 2), (3, 4))),
        "negative, long": dict(A=((-1.25, 2.5), (3.75, -4)), B=((10.5, -2), (0.25, 7)), bad_B=((1, 2),)),
    },
    "MatrixAsTransformation": {
        "stretch and swap": dict(A=((2, 0), (0, 0.5)), B=((0, 1), (1, 0))),
        "reflection and shear": dict(A=((-1, 0), (0, 1)), B=((1, 0.5), (0, 1))),
        "rotation-like": dict(A=((0.5, -1), (1, 0.5)), B=((1, 0), (1, 1))),
        "singular, two decimals": dict(A=((1, 2), (0.5, 1)), B=((-1.25, 2.5), (1.5, -0.75))),
    },
    "TitleCard": {
        "long title": dict(title="Scaling dot products: matrix multiplication"),
        "short title": dict(title="Vectors"),
        "long course": dict(course="Math Foundation · Vectors, Matrices & Their Many Uses", title="The dot product"),
    },
    "ClosingCard": {
        "one point": dict(points=("Two vectors in, one number out.",)),
        "long points": dict(points=("Matrix multiplication is every row of A dotted with every column of B.",
                                    "The inner dimensions must match and vanish.",
                                    "(m×n)(n×p) = m×p: the outer dimensions give the result's shape.")),
        "long title": dict(title="Scaling dot products: matrix multiplication"),
    },
}
