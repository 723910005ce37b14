"""The workbench: the statutory clock and case handling for 依申请公开, as pure functions over data."""
