def in_tree():
    return "IN-TREE-SNIPPET"
