# Your values (see "Code samples"): replace the placeholders,
# or export BASE_URL, ORG, APP and TOKEN before running this.
BASE_URL="${BASE_URL:-https://a41.chat.agora.io}"
ORG="${ORG:-your-org-name}"
APP="${APP:-your-app-name}"
TOKEN="${TOKEN:-your-app-token}"

# The template test7. A template that does not exist is
# answered with 400 (not 404) and the error code
# entity_not_found, derived (no source prints it; ERRATA E17).
curl -X GET "$BASE_URL/$ORG/$APP/notification/template/test7" \
  -H "Authorization: Bearer $TOKEN"
