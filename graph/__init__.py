"""The network as a NetworkX graph: pure functions, graph in, plain data out.

This package imports only networkx and the standard library; the hub feeds it records
(`graph.build.NodeRecord`, `graph.build.LinkRecord`) and maps the answers back.
"""
