"""Microsoft's own clients against `pilotbench simulate --tls`: MSAL, azure-identity and the
Python Graph SDK (msgraph-sdk with msgraph-core and kiota), versions pinned in
requirements.txt. Run by tests/it/compat/python_sdk.rs with the environment `common.Context`
reads; prints one JSON line per step (see common.py).

Steps that need path addressing reach it with the SDK's own `with_url(...)`, which sends the
URL as given. Steps still to come: PATCH (rename, move, fileSystemInfo) and DELETE through the
SDK — each one more decorated function here and one more name in the Rust test.
"""

import json
import os

import httpx
import msal
from azure.identity import ClientSecretCredential as SyncSecretCredential
from azure.identity.aio import ClientSecretCredential
from kiota_abstractions.api_error import APIError
from kiota_abstractions.base_request_configuration import RequestConfiguration
from kiota_abstractions.method import Method
from kiota_abstractions.request_information import RequestInformation
from kiota_http.middleware.options import HeadersInspectionHandlerOption
from msgraph import GraphServiceClient
from msgraph.generated.drives.item.items.item.children.children_request_builder import (
    ChildrenRequestBuilder,
)
from msgraph.generated.drives.item.items.item.delta.delta_request_builder import (
    DeltaRequestBuilder,
)
from msgraph.generated.drives.item.items.item.copy.copy_post_request_body import (
    CopyPostRequestBody,
)
from msgraph.generated.drives.item.items.item.create_upload_session.create_upload_session_post_request_body import (
    CreateUploadSessionPostRequestBody,
)
from msgraph.generated.models.drive_item import DriveItem
from msgraph.generated.models.folder import Folder
from msgraph.generated.models.drive_item_uploadable_properties import (
    DriveItemUploadableProperties,
)
from msgraph.generated.models.item_reference import ItemReference
from msgraph_core.requests.batch_request_content import BatchRequestContent
from msgraph_core.requests.batch_request_item import BatchRequestItem
from msgraph_core.tasks.large_file_upload import LargeFileUploadTask
from msgraph_core.tasks.page_iterator import PageIterator

from common import Context, check, quick_xor_hash, run

GRAPH_SCOPE = "https://graph.microsoft.com/.default"
MIB = 1024 * 1024
# The destination site and the source site of tests/compat/compat.toml.
HOST = "example.sharepoint.com"
SITE_PATH = "sites/compat"
SOURCE_SITE_PATH = "sites/compat-source"

STEPS = []


def step(function):
    STEPS.append((function.__name__, function))
    return function


def credential(ctx, **extra):
    """azure-identity's async client-secret credential on the https authority."""
    return ClientSecretCredential(
        ctx.tenant, ctx.client_id, ctx.client_secret,
        authority=ctx.https_root, connection_verify=ctx.ca_file, **extra)


def graph_client(ctx, scopes=(GRAPH_SCOPE,), base=None):
    """GraphServiceClient signed in through azure-identity, on the https Graph root."""
    client = GraphServiceClient(credential(ctx), scopes=list(scopes) if scopes else None)
    client.request_adapter.base_url = base or ctx.https_graph
    return client


def content_bytes(seed: int, size: int) -> bytes:
    """Deterministic, not compressible, not repeating at the 160-byte hash stride."""
    block = bytes((i * 31 + seed * 7 + (i >> 8)) & 0xFF for i in range(65_521))
    return (block * (size // len(block) + 1))[:size]


# ---------------------------------------------------------------------------------------------
# Sign-in

@step
async def login_msal(ctx):
    """MSAL's confidential client: OpenID discovery on the https authority, then the token."""
    app = msal.ConfidentialClientApplication(
        ctx.client_id, client_credential=ctx.client_secret,
        authority=f"{ctx.https_root}/{ctx.tenant}", instance_discovery=False,
        verify=ctx.ca_file)
    result = app.acquire_token_for_client(scopes=[GRAPH_SCOPE])
    check("access_token" in result, f"MSAL got no token: {result}")
    check(result.get("token_type") == "Bearer", f"token type {result.get('token_type')}")
    check(int(result.get("expires_in", 0)) > 0, f"expires_in {result.get('expires_in')}")
    # The token opens Graph: the tenant's root site, with a plain HTTP client.
    answer = httpx.get(f"{ctx.https_graph}/drives", verify=ctx.ca_file,
                       headers={"Authorization": f"Bearer {result['access_token']}"})
    check(answer.status_code in (200, 400), f"Graph answered {answer.status_code}")
    site = httpx.get(f"{ctx.https_graph}/sites/{HOST}:/{SITE_PATH}", verify=ctx.ca_file,
                     headers={"Authorization": f"Bearer {result['access_token']}"})
    check(site.status_code == 200, f"site by path: {site.status_code} {site.text[:200]}")
    return {"token_endpoint": app.authority.token_endpoint,
            "expires_in": int(result["expires_in"])}


@step
async def login_azure_identity_sync(ctx):
    """azure-identity's sync credential (MSAL underneath, requests as transport)."""
    cred = SyncSecretCredential(ctx.tenant, ctx.client_id, ctx.client_secret,
                                authority=ctx.https_root, disable_instance_discovery=True,
                                connection_verify=ctx.ca_file)
    token = cred.get_token(GRAPH_SCOPE)
    check(token.token.startswith("pilotbench-sim-access-"), "an access token of the tenant")
    check(token.expires_on > 0, "an expiry")
    return {"expires_on": token.expires_on}


@step
async def login_azure_identity_async(ctx):
    """azure-identity's async credential (aiohttp, no discovery), with CAE claims as kiota
    asks, for Graph and for the host-derived scope kiota uses when given none."""
    cred = credential(ctx)
    try:
        graph = await cred.get_token(GRAPH_SCOPE, enable_cae=True)
        own_host = await cred.get_token("https://127.0.0.1/.default")
    finally:
        await cred.close()
    check(graph.token != own_host.token, "two tokens issued")
    return {"tokens": 2}


# ---------------------------------------------------------------------------------------------
# Sites, drives, items, children

@step
async def site_and_drive(ctx):
    client = graph_client(ctx)
    site = await client.sites.by_site_id("root").with_url(
        f"{ctx.https_graph}/sites/{HOST}:/{SITE_PATH}").get()
    check(site is not None and site.id and site.id.startswith(f"{HOST},"), f"site id {site and site.id}")
    check(site.web_url == f"https://{HOST}/{SITE_PATH}", f"webUrl {site.web_url}")
    drive = await client.sites.by_site_id(site.id).drive.get()
    check(drive is not None and drive.id and drive.name == "Documents", f"drive {drive and drive.name}")
    drives = await client.sites.by_site_id(site.id).drives.get()
    check(any(d.id == drive.id for d in drives.value), "the default drive is among the site's drives")
    root = await client.drives.by_drive_id(drive.id).root.get()
    check(root.folder is not None and root.root is not None, "the root is a folder and the root")
    by_id = await client.drives.by_drive_id(drive.id).items.by_drive_item_id(root.id).get()
    check(by_id.id == root.id, "the root by its id is the root")
    source = await client.sites.by_site_id("root").with_url(
        f"{ctx.https_graph}/sites/{HOST}:/{SOURCE_SITE_PATH}:/drive").get()
    ctx.found.update(site_id=site.id, drive_id=drive.id, root_id=root.id,
                     source_drive_id=source.id)
    return {"site_id": site.id, "drive_id": drive.id}


@step
async def plain_http_graph(ctx):
    """The same SDK on the plain http listener, with no explicit scope (kiota asks for
    http://127.0.0.1/.default, the request URL's host)."""
    client = graph_client(ctx, scopes=None, base=ctx.http_graph)
    root = await client.drives.by_drive_id(ctx.found["drive_id"]).root.get()
    check(root.id == ctx.found["root_id"], "the same root over http")
    return {"root_id": root.id}


@step
async def children_paging(ctx):
    """Twelve small files by simple upload, then their folder's children five at a time through
    msgraph-core's PageIterator, which follows @odata.nextLink."""
    client = graph_client(ctx)
    drive = client.drives.by_drive_id(ctx.found["drive_id"])
    folder = await drive.items.by_drive_item_id(ctx.found["root_id"]).children.post(
        DriveItem(name="paging", folder=Folder(), additional_data={
            "@microsoft.graph.conflictBehavior": "fail"}))
    check(folder.id and folder.folder is not None, "a new folder")
    names = [f"file {i:02}.txt" for i in range(12)]
    for name in names:
        item = drive.items.by_drive_item_id(folder.id)
        put = item.content.with_url(
            f"{ctx.https_graph}/drives/{ctx.found['drive_id']}/items/{folder.id}:/"
            f"{name.replace(' ', '%20')}:/content")
        uploaded = await put.put(name.encode())
        check(uploaded.name == name and uploaded.size == len(name), f"uploaded {uploaded.name}")
    query = ChildrenRequestBuilder.ChildrenRequestBuilderGetQueryParameters(top=5)
    first = await drive.items.by_drive_item_id(folder.id).children.get(
        request_configuration=RequestConfiguration(query_parameters=query))
    check(len(first.value) == 5 and first.odata_next_link, "a first page of five with a nextLink")
    check(first.odata_next_link.startswith(ctx.https_graph), f"nextLink {first.odata_next_link}")
    seen = []
    pages = PageIterator(first, client.request_adapter)
    await pages.iterate(lambda item: seen.append(item.name) or True)
    check(sorted(seen) == names, f"PageIterator saw {seen}")
    ctx.found["paging_folder"] = folder.id
    return {"items": len(seen)}


@step
async def delta_feed(ctx):
    """The paging folder's delta: a full enumeration five at a time, following @odata.nextLink
    to the @odata.deltaLink with the SDK's own request builder (msgraph-core 1.5.2's PageIterator
    would walk the pages but never reports the deltaLink: it looks for an attribute named
    '@odata.deltaLink' on the parsed page), then `delta(token='latest')`, a new file, and the
    deltaLink read again: the new file, once, and nothing that did not change."""
    client = graph_client(ctx)
    drive = client.drives.by_drive_id(ctx.found["drive_id"])
    folder = drive.items.by_drive_item_id(ctx.found["paging_folder"])
    query = DeltaRequestBuilder.DeltaRequestBuilderGetQueryParameters(top=5)
    page = await folder.delta.get(
        request_configuration=RequestConfiguration(query_parameters=query))
    seen, pages = [], 1
    while True:
        seen += [item.name for item in page.value]
        check(bool(page.odata_next_link) != bool(page.odata_delta_link),
              "each page has a nextLink or a deltaLink, never both")
        if page.odata_delta_link:
            break
        check(page.odata_next_link.startswith(ctx.https_graph), f"nextLink {page.odata_next_link}")
        page = await folder.delta.with_url(page.odata_next_link).get()
        pages += 1
        check(pages < 20, "paging ends")
    files = sorted(name for name in seen if name.startswith("file "))
    check(files == [f"file {i:02}.txt" for i in range(12)], f"the enumeration saw {seen}")
    check(pages >= 3, f"twelve files five at a time take three pages or more ({pages})")
    check(page.odata_delta_link.startswith(ctx.https_graph), f"deltaLink {page.odata_delta_link}")
    latest = await folder.delta_with_token("latest").get()
    check(latest.value == [] and latest.odata_delta_link, "token=latest: no items, a deltaLink")
    put = folder.content.with_url(
        f"{ctx.https_graph}/drives/{ctx.found['drive_id']}/items/{ctx.found['paging_folder']}:/"
        "after%20latest.txt:/content")
    await put.put(b"a change")
    changes = await folder.delta.with_url(latest.odata_delta_link).get()
    names = [item.name for item in changes.value]
    check(names.count("after latest.txt") == 1, f"the new file once: {names}")
    check(not any(name.startswith("file ") for name in names), f"unchanged files absent: {names}")
    return {"enumerated": len(seen), "pages": pages, "changed": names}


# ---------------------------------------------------------------------------------------------
# Upload sessions

async def new_session(ctx, client, name, size):
    """createUploadSession through the SDK's request builder (path addressing via with_url)."""
    drive_id = ctx.found["drive_id"]
    builder = client.drives.by_drive_id(drive_id).items.by_drive_item_id(
        ctx.found["root_id"]).create_upload_session.with_url(
        f"{ctx.https_graph}/drives/{drive_id}/items/{ctx.found['root_id']}:/{name}:/createUploadSession")
    body = CreateUploadSessionPostRequestBody(item=DriveItemUploadableProperties(
        additional_data={"@microsoft.graph.conflictBehavior": "replace"}))
    session = await builder.post(body)
    check(session.upload_url and session.expiration_date_time, "uploadUrl and expirationDateTime")
    check(session.upload_url.startswith(ctx.https_root.replace("127.0.0.1", "localhost")),
          f"the upload URL is on the files host: {session.upload_url}")
    check(session.next_expected_ranges == ["0-"], f"ranges {session.next_expected_ranges}")
    return session


@step
async def upload_task_documented_ranges(ctx):
    """msgraph-core's LargeFileUploadTask against the documented protocol. After each 202 the
    service answers nextExpectedRanges in the open form "N-" (Microsoft's own examples, and
    Microsoft's JavaScript SDK reads it); msgraph-core 1.5.2 appends "-" and parses the empty end
    as an integer, so the task stops after its first fragment. This step passes when the SDK
    fails exactly so; the Rust test checks the one fragment and its 202 in the tenant's log."""
    client = graph_client(ctx)
    size = 12 * MIB
    data = content_bytes(1, size)
    session = await new_session(ctx, client, "documented-ranges.bin", size)
    import io
    task = LargeFileUploadTask(session, client.request_adapter, io.BytesIO(data),
                               parsable_factory=DriveItem, max_chunk_size=5 * MIB)
    try:
        await task.upload()
    except ValueError as error:
        check("invalid literal for int()" in str(error), f"the SDK's error: {error}")
        # What the service said: the open form, as documented.
        status = httpx.get(session.upload_url, verify=ctx.ca_file).json()
        check(status["nextExpectedRanges"] == [f"{5 * MIB}-"],
              f"the tenant expects {status['nextExpectedRanges']}")
        return {"sdk_error": str(error), "next_expected_ranges": status["nextExpectedRanges"],
                "upload_url_path": httpx.URL(session.upload_url).path}
    raise AssertionError("LargeFileUploadTask finished against the open range form: the SDK "
                         "was fixed; make this step upload and check the item instead")


async def upload_through_sdk(ctx, name, size, fragment):
    """An upload session driven through the SDK's own pipeline (its request adapter: retry,
    redirect and auth middleware, the bearer attached as the SDK attaches it everywhere): the
    session from the request builder, each fragment a PUT RequestInformation, ranges read in
    both documented forms. Returns the final driveItem's JSON and the bytes' hash."""
    client = graph_client(ctx)
    data = content_bytes(size % 251, size)
    session = await new_session(ctx, client, name, size)
    start, fragments, final = 0, 0, None
    while final is None:
        end = min(start + fragment, size) - 1
        request = RequestInformation(Method.PUT)
        request.url = session.upload_url
        request.headers.try_add("Content-Range", f"bytes {start}-{end}/{size}")
        request.set_stream_content(data[start:end + 1], "application/octet-stream")
        body = json.loads(await client.request_adapter.send_primitive_async(request, "bytes", {}))
        fragments += 1
        if "nextExpectedRanges" in body and "id" not in body:
            first = body["nextExpectedRanges"][0]
            start = int(first.split("-")[0])
            check(start == end + 1, f"the tenant expects {first} after bytes {end}")
        else:
            final = body
    expected = quick_xor_hash(data)
    check(final["size"] == size, f"size {final['size']}")
    check(final["file"]["hashes"]["quickXorHash"] == expected,
          f"quickXorHash {final['file']['hashes']['quickXorHash']} != {expected}")
    item = await client.drives.by_drive_id(ctx.found["drive_id"]).items.by_drive_item_id(final["id"]).get()
    check(item.size == size and item.file.hashes.quick_xor_hash == expected,
          "the item read back has the same size and hash")
    return {"id": final["id"], "size": size, "fragments": fragments, "quickXorHash": expected}


@step
async def upload_5_mib(ctx):
    # Fragments are multiples of 320 KiB, as the service requires: 6 x 320 KiB here.
    return await upload_through_sdk(ctx, "five.bin", 5 * MIB, 6 * 320 * 1024)


@step
async def upload_25_mib(ctx):
    return await upload_through_sdk(ctx, "twenty-five.bin", 25 * MIB, 5 * MIB)


# ---------------------------------------------------------------------------------------------
# Download (of a seeded source file and of a file uploaded above) and server-side copy

async def seeded_file(ctx, client):
    """The first file of the source site's seeded folder (name, id, size, hash)."""
    drive_id = ctx.found["source_drive_id"]
    seeded = await client.drives.by_drive_id(drive_id).items.by_drive_item_id("root").with_url(
        f"{ctx.https_graph}/drives/{drive_id}/root:/seeded").get()
    children = await client.drives.by_drive_id(drive_id).items.by_drive_item_id(seeded.id).children.get()
    files = [c for c in children.value if c.file is not None]
    check(files, "the seeded folder has files")
    return files[0]


@step
async def download(ctx):
    """GET .../content: a 302 to the files host that kiota follows (dropping the bearer, as
    the host differs); the bytes match the listing's quickXorHash. Then the 5 MiB file
    upload_5_mib sent: through the SDK the same way, and through the item's
    @microsoft.graph.downloadUrl with a plain client and no token, the bytes it uploaded."""
    client = graph_client(ctx)
    file = await seeded_file(ctx, client)
    data = await client.drives.by_drive_id(ctx.found["source_drive_id"]).items.by_drive_item_id(file.id).content.get()
    check(len(data) == file.size, f"{len(data)} bytes, the listing says {file.size}")
    check(quick_xor_hash(data) == file.file.hashes.quick_xor_hash, "the bytes match the hash")

    drive_id = ctx.found["drive_id"]
    uploaded = await client.drives.by_drive_id(drive_id).items.by_drive_item_id("root").with_url(
        f"{ctx.https_graph}/drives/{drive_id}/root:/five.bin").get()
    sent = content_bytes(5 * MIB % 251, 5 * MIB)
    back = await client.drives.by_drive_id(drive_id).items.by_drive_item_id(uploaded.id).content.get()
    check(back == sent, f"the uploaded file downloads to its bytes ({len(back)} of {len(sent)})")
    download_url = uploaded.additional_data.get("@microsoft.graph.downloadUrl")
    check(download_url and download_url.startswith(ctx.https_root.replace("127.0.0.1", "localhost")),
          f"the item's downloadUrl is on the files host: {download_url}")
    async with httpx.AsyncClient(verify=ctx.ca_file, follow_redirects=False) as plain:
        direct = await plain.get(download_url)
    check(direct.status_code == 200 and direct.content == sent,
          f"the downloadUrl without a token: {direct.status_code}, {len(direct.content)} bytes")
    return {"name": file.name, "size": len(data), "uploaded_size": len(back),
            "download_url_path": httpx.URL(download_url).path}


@step
async def copy_with_monitor(ctx):
    """POST .../copy: 202 and a Location monitor (read with HeadersInspectionHandlerOption,
    the SDK returns None), polled without a token until completed; the copy has the source's
    size and hash."""
    client = graph_client(ctx)
    file = await seeded_file(ctx, client)
    headers = HeadersInspectionHandlerOption(inspect_response_headers=True)
    body = CopyPostRequestBody(
        parent_reference=ItemReference(drive_id=ctx.found["drive_id"], id=ctx.found["root_id"]),
        name="copied by the SDK.txt")
    answer = await client.drives.by_drive_id(ctx.found["source_drive_id"]).items.by_drive_item_id(
        file.id).copy.post(body, request_configuration=RequestConfiguration(options=[headers]))
    check(answer is None, "copy answers 202 without a body")
    monitor = next(iter(headers.response_headers.get("location")))
    check(monitor.startswith(ctx.https_root.replace("127.0.0.1", "localhost")),
          f"the monitor is on the files host: {monitor}")
    import asyncio
    statuses = []
    async with httpx.AsyncClient(verify=ctx.ca_file, follow_redirects=False) as plain:
        for _ in range(100):
            polled = await plain.get(monitor)
            status = polled.json().get("status")
            statuses.append(status)
            if status in ("completed", "failed"):
                break
            await asyncio.sleep(0.1)
    check(statuses[-1] == "completed", f"monitor statuses {statuses}")
    copy_id = polled.json()["resourceId"]
    copy = await client.drives.by_drive_id(ctx.found["drive_id"]).items.by_drive_item_id(copy_id).get()
    check(copy.name == "copied by the SDK.txt" and copy.size == file.size, f"copy {copy.name}")
    check(copy.file.hashes.quick_xor_hash == file.file.hashes.quick_xor_hash, "same hash")
    return {"statuses": sorted(set(statuses)), "resource_id": copy_id}


@step
async def batch_request_content(ctx):
    """msgraph-core's BatchRequestContent through `client.batch.post`: each member's own status
    (200, 201, 404) and headers, and the folder the batch created is in the tenant. The pinned
    SDK departs from the documented protocol (https://learn.microsoft.com/graph/json-batching)
    three ways, each checked here so that the step fails when the SDK changes: it writes
    `depends_on` on every member instead of `dependsOn` (the tenant lets the empty one through
    and refuses one with ids, whose order would not be kept); `add_request_information(info, id)`
    ignores the id it is given; and it drops a member's body when it is a JSON object, as the
    service sends it (kiota-python issue 737), so a body must be read with a plain request."""
    client = graph_client(ctx)
    drive = client.drives.by_drive_id(ctx.found["drive_id"])
    root = ctx.found["root_id"]
    create = drive.items.by_drive_item_id(root).children.to_post_request_information(
        DriveItem(name="made in a batch", folder=Folder()))
    members = {
        "root": drive.root.to_get_request_information(),
        "create": create,
        "missing": drive.items.by_drive_item_id("no-such-item").to_get_request_information(),
    }
    content = BatchRequestContent()
    for member_id, info in members.items():
        content.add_request(member_id, BatchRequestItem(info, id=member_id))
    content.add_request_information(drive.root.to_get_request_information(), "given")
    answer = await client.batch.post(content)
    codes = answer.get_response_status_codes()
    check(codes.get("root") == 200 and codes.get("create") == 201 and codes.get("missing") == 404,
          f"member statuses {codes}")
    check("given" not in codes and len(codes) == 4,
          f"add_request_information kept the id it was given: {sorted(codes)}")
    created = answer.get_response_by_id("create")
    check((created.content_type or "").startswith("application/json"),
          f"the member's Content-Type {created.headers}")
    check(created.body is None, "the SDK kept a JSON member body: kiota-python 737 was fixed; "
          "read the body with response_body(...) here instead")
    made = await drive.root.with_url(
        f"{ctx.https_graph}/drives/{ctx.found['drive_id']}/root:/made in a batch").get()
    check(made is not None and made.folder is not None, "the batch created the folder")

    ordered = BatchRequestContent()
    ordered.add_request("first", BatchRequestItem(members["root"], id="first"))
    ordered.add_request("then", BatchRequestItem(members["root"], id="then", depends_on=["first"]))
    try:
        await client.batch.post(ordered)
    except APIError as error:
        check(error.response_status_code == 400, f"refused with {error.response_status_code}")
    else:
        raise AssertionError("a batch whose order was written 'depends_on' was answered: the "
                             "SDK writes 'dependsOn' now; check the order instead")
    return {"statuses": codes, "folder_id": made.id}


if __name__ == "__main__":
    os.environ.setdefault("SSL_CERT_FILE", Context().ca_file)
    run(STEPS, Context())
