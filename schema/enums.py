"""The hub's enumerations as GraphQL enums (the Python enums live in hub.models)."""

import enum

import strawberry

from hub import models
from hub.links import Direction

NodeKind = strawberry.enum(models.NodeKind, description="The kinds of node in the network.")
LinkKind = strawberry.enum(models.LinkKind, description="The kinds of link between nodes.")
LinkRole = strawberry.enum(models.LinkRole, description="The part an agency or node plays in a link.")
ReportingCadence = strawberry.enum(models.ReportingCadence, description="How often a responsible agency reports progress.")
Scope = strawberry.enum(models.Scope, description="Whether an initiative is local or international.")
WorkStatus = strawberry.enum(models.WorkStatus, description="Where an initiative or task stands.")
AgencyKind = strawberry.enum(models.AgencyKind, description="What sort of body an agency is.")
SpaceKind = strawberry.enum(models.SpaceKind, description="What sort of place a creative space is.")
CreativeField = strawberry.enum(models.CreativeField, description="UNESCO's creative fields (eight since 2025).")
LinkDirection = strawberry.enum(Direction, name="LinkDirection", description="Which links of a node to follow.")


@strawberry.enum(description="Sort order.")
class OrderDirection(enum.Enum):
    ASC = "ASC"
    DESC = "DESC"
