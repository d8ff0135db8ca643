"""The transport: the ASGI app, GraphQL over HTTP and WebSocket through one door, pages, files and feeds."""
