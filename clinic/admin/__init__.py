"""The clinic admin's pages: approving doctors and keeping the list of specializations."""
